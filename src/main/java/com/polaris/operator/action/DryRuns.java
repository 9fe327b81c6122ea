package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolExecutors;
import com.polaris.operator.tool.ToolRun;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * What a proposal would come to — the decision, the validated input and the request the tool would
 * send, with every secret masked — for the dry-run API and the console's Test button alike. Nothing
 * is sent, nothing is stored, no usage is counted. Members only: a dry run shows a custom action's
 * request.
 */
@Service
public class DryRuns {

    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final ToolExecutors executors;
    private final Clock clock;

    DryRuns(
            Catalog catalog,
            Policies policies,
            BusinessHoursSchedules schedules,
            ToolExecutors executors,
            Clock clock) {
        this.catalog = catalog;
        this.policies = policies;
        this.schedules = schedules;
        this.executors = executors;
        this.clock = clock;
    }

    /** The decision in the API's words. */
    public record DecisionView(
            String approval, String execution, @Nullable Instant notBefore, List<String> reasons) {

        static DecisionView of(Decision decision) {
            return new DecisionView(
                    decision.approvalRequired() ? "required" : "not_required",
                    decision.execution().name().toLowerCase(java.util.Locale.ROOT),
                    decision.notBefore(),
                    decision.reasons());
        }
    }

    /** What a dry run shows; {@code sent} is always false. */
    public record DryRun(
            String tool,
            boolean enabled,
            DecisionView decision,
            JsonNode input,
            @Nullable Map<String, Object> request,
            boolean sent) {}

    /**
     * Dry-runs a tool as the caller (any member) with a body like the API's:
     * {@code {"arguments": {...}, "conversation": {"id"}, "requestReview"}}. 404 for an unknown tool,
     * 422 when the arguments do not match its input or its request cannot be sent.
     */
    public DryRun run(Caller caller, String name, @Nullable JsonNode body) {
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
        JsonNode conversationIdNode = conversation.path("id");
        if (!absent(conversation)
                && (!conversation.isObject() || !absent(conversationIdNode) && !conversationIdNode.isString())) {
            throw ApiProblem.invalid("conversation", "must be an object whose id is a string");
        }
        JsonNode review = body.path("requestReview");
        if (!absent(review) && !review.isBoolean()) {
            throw ApiProblem.invalid("requestReview", "must be true or false");
        }
        String conversationId = conversationIdNode.isString() ? conversationIdNode.asString() : null;
        boolean requestReview = review.isBoolean() && review.booleanValue();
        ToolSettings settings = policies.current(caller.workspaceId(), tool.name());
        Decision decision = PolicyEngine.decide(
                tool.kind(), settings.policy(), requestReview, schedules.of(caller.workspaceId()), clock.instant());
        ToolExecutor executor = executors.forTool(tool.name()).orElseThrow();
        Map<String, Object> request;
        try {
            request = executor.preview(
                    new ToolRun(caller.workspaceId(), "act_dry_run", tool.name(), arguments, conversationId));
        } catch (ToolExecutor.PreviewRefused e) {
            throw new ApiProblem(
                    HttpStatus.UNPROCESSABLE_CONTENT, "request-not-sendable", "Request not sendable", e.getMessage());
        }
        return new DryRun(tool.name(), settings.enabled(), DecisionView.of(decision), arguments, request, false);
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
