package com.polaris.operator.workspace;

import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** This month's proposals against the workspace's limit. */
@RestController
@RequestMapping("/api/v1/usage")
class UsageController {

    private final UsageMeter meter;

    UsageController(UsageMeter meter) {
        this.meter = meter;
    }

    record LimitRequest(@Nullable Integer limit) {}

    @GetMapping
    UsageMeter.Usage usage(@AuthenticationPrincipal Caller caller) {
        return meter.usage(caller.workspaceId());
    }

    @PutMapping("/limit")
    UsageMeter.Usage setLimit(@AuthenticationPrincipal Caller caller, @RequestBody LimitRequest request) {
        return meter.setLimit(caller, request.limit());
    }
}
