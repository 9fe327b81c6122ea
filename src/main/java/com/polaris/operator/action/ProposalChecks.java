package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionFailed;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.Review;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.standing.StandingApprovals;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.UsageMeter;
import java.time.Instant;
import java.util.ArrayList;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixed order of checks a proposal passes (DESIGN.md): tool, usage limit, input, policy — whose
 * decision covers approval, business hours and execution mode. A proposal and a dry run take the
 * same path; a dry run reports a disabled tool instead of refusing it and counts against no limit.
 */
@Component
@RequiredArgsConstructor
class ProposalChecks {

    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final UsageMeter usage;
    private final StandingApprovals standing;

    /**
     * What passed: the tool, its settings now, the policy's decision for these arguments at {@code
     * now} and, when that decision asks for a person, the standing approval that would approve the
     * proposal in advance instead (null: none does). A proposal counts a use of it when it is stored
     * ({@link #approvedInAdvance}); until then the policy's decision stands.
     */
    record Checked(
            Tool tool,
            ToolSettings settings,
            Decision decision,
            StandingApprovals.@Nullable StandingApproval standingApproval) {}

    /**
     * Checks a proposal; a refusal is an {@link ApiProblem} naming the first check that failed. A
     * draft tool is unknown (404) to an integration key; a member may propose it only as a {@code
     * test} run (409 otherwise), so every action of an unpublished tool is marked as a test.
     */
    Checked proposal(
            Caller caller,
            String toolName,
            JsonNode arguments,
            @Nullable JsonNode conversation,
            boolean requestReview,
            boolean test,
            boolean preparedByOperator,
            Instant now) {
        return check(caller, toolName, arguments, conversation, requestReview, now, true, test, preparedByOperator);
    }

    /** Checks a dry run: as a proposal, but a disabled tool or a draft is reported, not refused, and no limit applies. */
    Checked dryRun(
            Caller caller,
            String toolName,
            JsonNode arguments,
            @Nullable JsonNode conversation,
            boolean requestReview,
            Instant now) {
        return check(caller, toolName, arguments, conversation, requestReview, now, false, false, false);
    }

    private Checked check(
            Caller caller,
            String toolName,
            JsonNode arguments,
            @Nullable JsonNode conversation,
            boolean requestReview,
            Instant now,
            boolean proposal,
            boolean test,
            boolean preparedByOperator) {
        String workspaceId = caller.workspaceId();
        Tool tool = tool(caller, toolName);
        ToolSettings settings = policies.current(workspaceId, tool.name());
        if (proposal) {
            if (!settings.enabled()) {
                throw ApiProblem.conflict(
                        "tool-disabled", "The tool '" + tool.name() + "' is disabled in this workspace.");
            }
            if (!test && !catalog.published(workspaceId, tool.name())) {
                throw ApiProblem.conflict(
                        "tool-draft",
                        "The tool '" + tool.name() + "' is a draft: an owner or admin publishes it (POST /api/v1/tools/"
                                + tool.name() + "/publish); until then members propose it as a test run (POST"
                                + " /api/v1/tools/" + tool.name() + "/test-runs).");
            }
            usage.requireHeadroom(workspaceId);
        }
        requireValid(tool, arguments);
        ConditionInput input =
                RouteConditions.input(arguments, conversation, RouteConditions.requestedBy(caller), tool.name(), now);
        Decision decision = PolicyEngine.decide(
                tool.kind(),
                settings.policy(),
                requestReview,
                preparedByOperator,
                input,
                schedules.of(workspaceId),
                now);
        StandingApprovals.StandingApproval inAdvance = null;
        if (decision.approvalRequired()
                && tool.kind() != ToolKind.EXTERNAL
                && !requestReview
                && !PolicyEngine.operatorReview(settings.policy(), preparedByOperator)
                && !routed(settings.policy(), input)) {
            var match = standing.matching(workspaceId, tool.name(), input, now);
            inAdvance = match.found();
            if (inAdvance == null && !match.failures().isEmpty()) {
                var reasons = new ArrayList<>(decision.reasons());
                reasons.addAll(match.failures());
                decision = new Decision(
                        true, decision.execution(), decision.businessHours(), decision.notBefore(), reasons);
            }
            if (inAdvance != null && !proposal) {
                decision = approvedInAdvance(
                        workspaceId,
                        tool,
                        settings,
                        decision,
                        inAdvance.id(),
                        inAdvance.uses() + 1,
                        inAdvance.maxUses(),
                        now);
            }
        }
        return new Checked(tool, settings, decision, inAdvance);
    }

    /**
     * Whether one of the policy's routes sends the proposal to specific reviewers: a route whose
     * condition holds, or one that cannot be evaluated (it sends the approval to owners and admins).
     * No standing approval takes a decision a route gave to named people.
     */
    static boolean routed(Policy policy, ConditionInput input) {
        for (var route : policy.routes()) {
            try {
                if (Condition.compile(route.when()).test(input)) {
                    return true;
                }
            } catch (ConditionFailed failed) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decision of a proposal that the standing approval {@code standingApprovalId} approved in
     * advance, as its use {@code use} of {@code maxUses}.
     */
    Decision approvedInAdvance(
            String workspaceId,
            Tool tool,
            ToolSettings settings,
            Decision asked,
            String standingApprovalId,
            int use,
            int maxUses,
            Instant now) {
        return PolicyEngine.approvedInAdvance(
                asked,
                tool.kind(),
                settings.policy(),
                schedules.of(workspaceId),
                now,
                standingApprovalId,
                use,
                maxUses);
    }

    /** The first check: the tool exists in the workspace and the caller may see it (404 otherwise). */
    Tool tool(Caller caller, String toolName) {
        return catalog.visibleTo(caller, toolName)
                .orElseThrow(() -> new ApiProblem(
                        ApiProblem.Kind.NOT_FOUND,
                        "unknown-tool",
                        "Unknown tool",
                        "There is no tool named '" + toolName + "'."));
    }

    /**
     * The context a tool's reviewers need, sent by the agent: a {@code reason}, a {@code conversation},
     * or both, as the policy's {@code review.requireContext} lists (422 naming each one missing).
     */
    static void requireContext(Review review, ProposalRequest request) {
        var missing = new ArrayList<ApiProblem.FieldProblem>();
        if (review.requireContext().contains("reason")
                && (request.reason() == null || request.reason().isBlank())) {
            missing.add(new ApiProblem.FieldProblem("reason", "is required for this tool: reviewers need to know why"));
        }
        if (review.requireContext().contains("conversation")
                && (request.conversation() == null || request.conversation().isNull())) {
            missing.add(new ApiProblem.FieldProblem(
                    "conversation", "is required for this tool: reviewers need the conversation it comes from"));
        }
        if (!missing.isEmpty()) {
            throw ApiProblem.invalid("This tool's reviewers need more context than the request sends.", missing);
        }
    }

    /** Checks arguments against the tool's input schema (422 when they break it). */
    void requireValid(Tool tool, JsonNode arguments) {
        if (!arguments.isObject()) {
            throw ApiProblem.invalid("arguments", "must be an object");
        }
        var errors = catalog.validate(tool, arguments);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The arguments do not match the input of '" + tool.name() + "'.", errors);
        }
    }

    /** The decision as it is stored on the action; {@link ActionView.DecisionView} reads it back. */
    static JsonNode decisionJson(JsonMapper json, Decision decision) {
        ObjectNode node = json.createObjectNode();
        node.put("approval", ActionView.DecisionView.approvalWord(decision));
        node.put("execution", decision.execution().wire());
        node.put("businessHours", decision.businessHours());
        var reasons = node.putArray("reasons");
        decision.reasons().forEach(reasons::add);
        if (decision.standingApprovalId() != null) {
            node.put("standingApprovalId", decision.standingApprovalId());
        }
        return node;
    }
}
