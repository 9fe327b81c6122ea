package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolExecutors;
import com.polaris.operator.tool.ToolRun;
import java.time.Clock;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * What a proposal would come to — the decision, the validated input and the request the tool would
 * send, with every secret masked — for the dry-run API and the console's Test button alike. Nothing
 * is sent, nothing is stored, no usage is counted. Members only: a dry run shows a custom action's
 * request.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class DryRuns {

    private final ProposalChecks checks;
    private final ToolExecutors executors;
    private final Clock clock;

    /** What a dry run shows; {@code sent} is always false. */
    public record DryRun(
            String tool,
            boolean enabled,
            ActionView.DecisionView decision,
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
        checks.tool(caller, name);
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("arguments", "is required");
        }
        JsonNode arguments = body.path("arguments");
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
        var checked = checks.dryRun(
                caller, name, arguments, absent(conversation) ? null : conversation, requestReview, clock.instant());
        Tool tool = checked.tool();
        ToolExecutor executor = executors.forTool(tool.name()).orElseThrow();
        Map<String, Object> request;
        try {
            request = executor.preview(
                    new ToolRun(caller.workspaceId(), "act_dry_run", tool.name(), arguments, conversationId));
        } catch (ToolExecutor.PreviewRefused e) {
            throw new ApiProblem(
                    ApiProblem.Kind.INVALID, "request-not-sendable", "Request not sendable", e.getMessage());
        }
        return new DryRun(
                tool.name(),
                checked.settings().enabled(),
                ActionView.DecisionView.of(checked.decision()),
                arguments,
                request,
                false);
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
