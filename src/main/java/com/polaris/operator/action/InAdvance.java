package com.polaris.operator.action;

import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.standing.StandingApprovals;
import java.time.Instant;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standing approvals for an action whose decision is worked out again on edited arguments (a retry
 * with changes): as for a proposal, a matching standing approval takes the place of a person, and
 * its use is counted in the caller's transaction.
 */
@Component
@RequiredArgsConstructor
class InAdvance {

    private final StandingApprovals standing;
    private final ProposalChecks checks;
    private final Policies policies;
    private final Reviewing reviewing;
    private final RunGate gate;
    private final AuditLog audit;
    private final JsonMapper json;

    /**
     * The locked action approved in advance for its content as it stands, with its new decision and
     * an {@code action.approved_in_advance} event, or null when no standing approval applies (an
     * external tool, a review asked for, a route that names reviewers, none matching, or none with a
     * use left) and a person must approve it as {@code asked} says.
     */
    @Nullable
    ActionRecord approve(ActionRecord action, Tool tool, Decision asked, Instant now) {
        if (tool.kind() == ToolKind.EXTERNAL || action.requestReview()) {
            return null;
        }
        String workspaceId = action.workspaceId();
        ToolSettings settings = policies.current(workspaceId, tool.name());
        if (PolicyEngine.operatorReview(settings.policy(), action.preparedByOperator())) {
            return null;
        }
        ConditionInput input = RouteConditions.input(action, reviewing.requesterRole(action), now);
        if (ProposalChecks.routed(settings.policy(), input)) {
            return null;
        }
        var found = standing.matching(workspaceId, tool.name(), input, now).found();
        if (found == null) {
            return null;
        }
        var use = standing.use(workspaceId, found.id(), now).orElse(null);
        if (use == null) {
            return null;
        }
        Decision decision =
                checks.approvedInAdvance(workspaceId, tool, settings, asked, use.id(), use.uses(), use.maxUses(), now);
        audit.append(
                workspaceId,
                AuditEventType.ACTION_APPROVED_IN_ADVANCE,
                Actor.SYSTEM,
                ActionTransitions.subject(action.id()),
                action.id(),
                Map.of("standingApprovalId", use.id(), "uses", use.uses(), "maxUses", use.maxUses()));
        ActionRecord decided = action.withDecision(ProposalChecks.decisionJson(json, decision));
        return decided.approvedAs(gate.digest(decided, tool));
    }
}
