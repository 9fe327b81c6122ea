package com.polaris.operator.action;

import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/tools/{name}/dry-run}: what a proposal would come to, without sending,
 * storing or counting anything (see {@link DryRuns}).
 */
@RestController
class DryRunController {

    private final DryRuns dryRuns;

    DryRunController(DryRuns dryRuns) {
        this.dryRuns = dryRuns;
    }

    @PostMapping("/api/v1/tools/{name}/dry-run")
    DryRuns.DryRun dryRun(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        return dryRuns.run(caller, name, body);
    }
}
