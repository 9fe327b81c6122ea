package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.api.CanonicalJson;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one rule every run passes through: an action's content runs only when its tool's policy asks
 * no person for it now, or when a person approved exactly that content. The content is the tool, the
 * arguments, the conversation and, for a custom action, its definition (where and what it sends, and
 * its version); an approval records the keyed digest of the content the reviewer saw
 * ({@link ContentDigests}), so the content a run finds must be the content approved.
 *
 * <p>An edit made through the product (a retry with other arguments, a reviewer's edit) drops the
 * old approval's digest, so the edited content asks for a person again when its policy does. Content
 * that differs from its digest without such an edit — arguments changed in the database, a custom
 * action's definition changed after the approval — is refused: a run that finds it ends the action
 * needs_review with the reason (see {@link Clearance#refusal}).
 *
 * <p>{@link ActionRunner} asks the gate where every run starts (immediate, background, a business-hours
 * wake-up, a retry after backoff, a job taken over after a crash), so no path reaches an executor
 * around it. The paths that release an action (an approval, a retry) ask it too, to send an action
 * that needs a person to approval at once instead of letting its run find out.
 */
@Component
@RequiredArgsConstructor
class RunGate {

    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final AuditLog audit;
    private final ApprovalService approvals;
    private final ActionTransitions transitions;
    private final CanonicalJson canonical;
    private final Reviewing reviewing;
    private final ContentDigests digests;

    /**
     * Whether the action may run as it stands, with the policy's decision for it now (whose reasons
     * say why a person is needed, when one is). {@code refusal}, when not null, says what differs
     * from the approved content: a person approved other content than what would run.
     */
    record Clearance(
            boolean cleared, Decision decision, @Nullable String refusal) {

        static Clearance of(boolean cleared, Decision decision) {
            return new Clearance(cleared, decision, null);
        }
    }

    Clearance check(ActionRecord action, Tool tool, Instant now) {
        Policy policy = policies.current(action.workspaceId(), tool.name()).policy();
        Decision decision = PolicyEngine.decide(
                tool.kind(),
                policy,
                action.requestReview(),
                action.preparedByOperator(),
                policy.approvalWhen() == null
                        ? null
                        : RouteConditions.input(action, reviewing.requesterRole(action), now),
                schedules.of(action.workspaceId()),
                now);
        if (!decision.approvalRequired()) {
            return Clearance.of(true, decision);
        }
        if (action.approvedDigest() == null) {
            return Clearance.of(false, decision);
        }
        var comparison = digests.compare(action.approvedDigest(), action, tool);
        return switch (comparison.match()) {
            case SAME -> Clearance.of(true, decision);
            case UNKEYED ->
                Clearance.of(
                        false,
                        withReasons(
                                decision,
                                List.of("It was approved before approvals were bound to a keyed digest, "
                                        + "so a person approves it once more")));
            case DIFFERENT ->
                new Clearance(
                        false,
                        withReasons(decision, comparison.differences()),
                        String.join("; ", comparison.differences()));
        };
    }

    private static Decision withReasons(Decision decision, List<String> more) {
        var reasons = new ArrayList<>(decision.reasons());
        reasons.addAll(more);
        return new Decision(true, decision.execution(), decision.businessHours(), decision.notBefore(), reasons);
    }

    /** The keyed digest of what would run (see {@link ContentDigests}), for the approval the action has. */
    String digest(ActionRecord action, Tool tool) {
        return digests.of(action, tool);
    }

    /**
     * Sends a locked action in {@code from} back to a person: a new approval for the content as it
     * stands, with the decision that asked for it and what changed since the last approval (null
     * when nothing did). The caller has written nothing else of the action in this transaction.
     */
    ActionRecord requestApproval(
            ActionRecord action,
            ActionStatus from,
            Decision decision,
            @Nullable List<Map<String, Object>> changes,
            Instant now) {
        String approvalId = Ids.next("apr");
        ActionRecord pending = action.withDecision(ProposalChecks.decisionJson(canonical.mapper(), decision))
                .withNotBefore(null)
                .awaitingApproval(approvalId)
                .moveTo(ActionStatus.PENDING_APPROVAL, now);
        if (!transitions.write(pending, from)) {
            throw new IllegalStateException("Action " + action.id() + " moved while it was locked");
        }
        var gate = reviewing.gate(pending, approvalId, now, changes);
        approvals.open(gate);
        Instant expiresAt = now.plus(gate.expiresAfter());
        var data = new LinkedHashMap<String, Object>();
        data.put("approvalId", approvalId);
        data.put("expiresAt", expiresAt.toString());
        data.put("reasons", decision.reasons());
        if (changes != null) {
            data.put("changes", changes);
        }
        audit.append(
                action.workspaceId(),
                AuditEventType.APPROVAL_REQUESTED,
                Actor.SYSTEM,
                ActionTransitions.subject(action.id()),
                action.id(),
                data);
        return pending;
    }
}
