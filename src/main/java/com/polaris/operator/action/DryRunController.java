package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolExecutors;
import com.polaris.operator.tool.ToolRun;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/tools/{name}/dry-run}: what a proposal would come to — the decision, the
 * validated input and the request the tool would send, with every secret masked. Nothing is sent,
 * nothing is stored, no usage is counted. Members only: a dry run shows a custom action's request.
 */
@RestController
class DryRunController {

    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final ToolExecutors executors;
    private final Clock clock;

    DryRunController(Catalog catalog, Policies policies, BusinessHoursSchedules schedules, ToolExecutors executors,
            Clock clock) {
        this.catalog = catalog;
        this.policies = policies;
        this.schedules = schedules;
        this.executors = executors;
        this.clock = clock;
    }

    record DecisionView(String approval, String execution, @Nullable Instant notBefore, List<String> reasons) {

        static DecisionView of(Decision decision) {
            return new DecisionView(decision.approvalRequired() ? "required" : "not_required",
                    decision.execution().name().toLowerCase(java.util.Locale.ROOT), decision.notBefore(),
                    decision.reasons());
        }
    }

    record DryRun(String tool, boolean enabled, DecisionView decision, JsonNode input,
            @Nullable Map<String, Object> request, boolean sent) {}

    @PostMapping("/api/v1/tools/{name}/dry-run")
    DryRun dryRun(@AuthenticationPrincipal Caller caller, @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body) {
        caller.requireMember();
        Tool tool = catalog.find(caller.workspaceId(), name)
                .orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("arguments", "is required");
        }
        JsonNode arguments = body.path("arguments");
        var errors = catalog.validate(tool, arguments);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The arguments do not match the input of '" + tool.name() + "'.", errors);
        }
        JsonNode conversation = body.path("conversation");
        String conversationId = conversation.path("id").isString() ? conversation.path("id").asString() : null;
        boolean requestReview = body.path("requestReview").asBoolean(false);
        ToolSettings settings = policies.current(caller.workspaceId(), tool.name());
        Decision decision = PolicyEngine.decide(tool.kind(), settings.policy(), requestReview,
                schedules.of(caller.workspaceId()), clock.instant());
        ToolExecutor executor = executors.forTool(tool.name()).orElseThrow();
        Map<String, Object> request;
        try {
            request = executor.preview(new ToolRun(caller.workspaceId(), "act_dry_run", tool.name(), arguments,
                    conversationId));
        } catch (ToolExecutor.PreviewRefused e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "request-not-sendable", "Request not sendable",
                    e.getMessage());
        }
        return new DryRun(tool.name(), settings.enabled(), DecisionView.of(decision), arguments, request, false);
    }
}
