package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomAction;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one rule every run passes through: an action's content runs only when its tool's policy asks
 * no person for it now, or when a person approved exactly that content. The content is the tool, the
 * arguments, the conversation and, for a custom action, its definition (where and what it sends); an
 * approval records the digest of the content the reviewer saw, so an edit after it — a retry with
 * other arguments, a changed custom action — is not covered by it.
 *
 * <p>{@link ActionRunner} asks the gate where every run starts (immediate, background, a business-hours
 * wake-up, a retry after backoff, a job taken over after a crash), so no path reaches an executor
 * around it. The paths that release an action (an approval, a retry) ask it too, to send an action
 * that needs a person to approval at once instead of letting its run find out.
 */
@Component
class RunGate {

    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final AuditLog audit;
    private final ApprovalService approvals;
    private final ActionTransitions transitions;
    private final JsonMapper canonicalJson;
    private final Reviewing reviewing;

    RunGate(
            Catalog catalog,
            Policies policies,
            BusinessHoursSchedules schedules,
            AuditLog audit,
            ApprovalService approvals,
            ActionTransitions transitions,
            JsonMapper json,
            Reviewing reviewing) {
        this.catalog = catalog;
        this.policies = policies;
        this.schedules = schedules;
        this.audit = audit;
        this.approvals = approvals;
        this.transitions = transitions;
        this.canonicalJson = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        this.reviewing = reviewing;
    }

    /**
     * Whether the action may run as it stands, with the policy's decision for it now (whose reasons
     * say why a person is needed, when one is).
     */
    record Clearance(boolean cleared, Decision decision) {}

    Clearance check(ActionRecord action, Tool tool, Instant now) {
        Policy policy = policies.current(action.workspaceId(), tool.name()).policy();
        Decision decision = PolicyEngine.decide(
                tool.kind(),
                policy,
                action.requestReview(),
                policy.approvalWhen() == null
                        ? null
                        : RouteConditions.input(action, reviewing.requesterRole(action), now),
                schedules.of(action.workspaceId()),
                now);
        if (!decision.approvalRequired()) {
            return new Clearance(true, decision);
        }
        if (action.approvedDigest() == null) {
            return new Clearance(false, decision);
        }
        if (!action.approvedDigest().equals(digest(action, tool))) {
            var reasons = new ArrayList<>(decision.reasons());
            reasons.add("What would run now differs from what was approved");
            return new Clearance(
                    false,
                    new Decision(true, decision.execution(), decision.businessHours(), decision.notBefore(), reasons));
        }
        return new Clearance(true, decision);
    }

    /**
     * The digest of what would run: tool, arguments, conversation id and, for a custom action, its
     * definition. Keys are sorted, so equal content has one digest however its JSON was ordered.
     */
    String digest(ActionRecord action, Tool tool) {
        ObjectNode content = canonicalJson.createObjectNode();
        content.put("tool", tool.name());
        content.set("arguments", action.arguments());
        content.put("conversationId", action.conversationId());
        if (tool.isCustom()) {
            CustomAction custom =
                    catalog.customAction(action.workspaceId(), tool.name()).orElseThrow();
            ObjectNode definition = content.putObject("definition");
            definition.put("base", custom.base());
            definition.set("inputSchema", custom.inputSchema());
            definition.set("config", custom.config());
        }
        Object canonical = canonicalJson.treeToValue(content, Object.class);
        byte[] text = canonicalJson.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        ActionRecord pending = action.withDecision(ProposalChecks.decisionJson(canonicalJson, decision))
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
