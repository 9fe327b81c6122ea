package com.polaris.operator.lead;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading leads: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/leads")
class LeadController {

    private final Leads leads;

    LeadController(Leads leads) {
        this.leads = leads;
    }

    @GetMapping("/{id}")
    Lead one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return leads.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
    }

    @GetMapping
    Page<Lead> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return Page.read(
                cursor,
                limit,
                (after, size) -> leads.list(caller.workspaceId(), conversationId, after, size + 1),
                Lead::id,
                Function.identity());
    }
}
