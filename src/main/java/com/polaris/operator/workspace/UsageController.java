package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
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
@Tag(name = "Settings")
@RequiredArgsConstructor
class UsageController {

    private final UsageMeter meter;

    record LimitRequest(@Nullable Integer limit) {}

    @GetMapping
    @Operation(summary = "This month's usage", description = """
                    Proposals made this month (UTC) against the workspace's monthly limit (null: none). At the \
                    limit, POST /api/v1/actions answers 429 usage-limit-reached; approvals stay readable and \
                    decidable and already approved work still runs. modelTokens counts the prompt and \
                    completion tokens the operator's model reported this month (shown, not limited).""")
    @ApiExamples(response = """
            {"period": "2026-11", "limit": 1000, "used": 12, "modelTokens": {"prompt": 5230, "completion": 410}}""")
    UsageMeter.Usage usage(@AuthenticationPrincipal Caller caller) {
        return meter.usage(caller.workspaceId());
    }

    @PutMapping("/limit")
    @Operation(summary = "Set the monthly limit (owners)", description = """
                    {"limit": n} (zero or more) or {"limit": null} for no limit; answers the usage. Only \
                    owners (403 otherwise).""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"limit": 1000}""", response = """
                    {"period": "2026-11", "limit": 1000, "used": 12, "modelTokens": {"prompt": 5230, "completion": 410}}""")
    UsageMeter.Usage setLimit(@AuthenticationPrincipal Caller caller, @RequestBody LimitRequest request) {
        return meter.setLimit(caller, request.limit());
    }
}
