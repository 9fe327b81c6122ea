package com.polaris.operator.action;

import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.standing.StandingApprovals;
import com.polaris.operator.workspace.UsageMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores checked proposals, many in one transaction: each action with its audit events and either
 * its approval gate or its job, the standing approvals they use, and the usage they count.
 */
@Component
@RequiredArgsConstructor
class ProposalStore {

    private final ActionTransitions transitions;
    private final ProposalChecks checks;
    private final ActionRelease releases;
    private final IdempotencyKeys idempotencyKeys;
    private final ApprovalService approvals;
    private final UsageMeter usage;
    private final Jobs jobs;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Reviewing reviewing;
    private final StandingApprovals standing;
    private final RunGate gate;

    /**
     * A proposal that passed every check, ready to be stored. {@code standingApprovalId} names the
     * standing approval that may approve it in advance; {@code use} is the use counted for it once
     * stored (null: none was, and the policy's decision stands).
     */
    record Proposal(
            Caller caller,
            ProposalRequest request,
            ActionRecord record,
            Decision decision,
            @Nullable String idempotencyKey,
            Proposals.Via via,
            Tool tool,
            ToolSettings settings,
            @Nullable String standingApprovalId,
            StandingApprovals.@Nullable Use use) {}

    /** A stored proposal: the action as stored, and the job its caller runs right after commit, or null. */
    record Stored(ActionRecord record, @Nullable ClaimedJob runNow) {}

    /**
     * Counts, in the storing transaction, a use of the standing approval each proposal may take: a
     * proposal that gets one is approved in advance, one that does not (used up, revoked or expired
     * meanwhile) waits for a person as its policy says. Uses are counted in the order of the standing
     * approvals' ids, so two transactions never wait on each other's rows in opposite orders.
     */
    private List<Proposal> useStandingApprovals(List<Proposal> batch) {
        var resolved = new ArrayList<>(batch);
        var order = IntStream.range(0, batch.size())
                .filter(i -> batch.get(i).standingApprovalId() != null)
                .boxed()
                .sorted(Comparator.comparing(i -> batch.get(i).standingApprovalId()))
                .toList();
        for (int i : order) {
            Proposal proposal = batch.get(i);
            ActionRecord record = proposal.record();
            var use = standing.use(
                    record.workspaceId(), Objects.requireNonNull(proposal.standingApprovalId()), record.createdAt());
            if (use.isEmpty()) {
                continue;
            }
            Decision decision = checks.approvedInAdvance(
                    record.workspaceId(),
                    proposal.tool(),
                    proposal.settings(),
                    proposal.decision(),
                    use.get().id(),
                    use.get().uses(),
                    use.get().maxUses(),
                    record.createdAt());
            ActionRecord inAdvance = record.approvedInAdvance(
                    ProposalChecks.decisionJson(json, decision),
                    decision.notBefore() != null ? ActionStatus.SCHEDULED : ActionStatus.QUEUED,
                    decision.notBefore(),
                    null);
            // The digest is of the action as stored: without the approval it no longer waits for.
            ActionRecord approved = inAdvance.approvedAs(gate.digest(inAdvance, proposal.tool()));
            resolved.set(
                    i,
                    new Proposal(
                            proposal.caller(),
                            proposal.request(),
                            approved,
                            decision,
                            proposal.idempotencyKey(),
                            proposal.via(),
                            proposal.tool(),
                            proposal.settings(),
                            proposal.standingApprovalId(),
                            use.get()));
        }
        return resolved;
    }

    /**
     * Stores proposals in one transaction: the uses of standing approvals they take, each action with
     * its audit events and its job (or approval request), and the usage they count. A use belongs to
     * the transaction, so a batch that fails gives its uses back before its proposals are stored
     * again one by one. Answers, per proposal, the action as stored and the job its caller runs right
     * after commit (immediate execution), or null.
     */
    List<@Nullable Stored> store(List<Proposal> proposed) {
        return Objects.requireNonNull(tx.execute(status -> {
            List<Proposal> batch = useStandingApprovals(proposed);
            transitions.created(batch.stream().map(Proposal::record).toList());
            List<@Nullable Stored> runNow = new ArrayList<>(batch.size());
            var runs = new ArrayList<Jobs.NewJob>(batch.size());
            var counts = new TreeMap<String, Integer>();
            for (Proposal proposal : batch) {
                runNow.add(new Stored(proposal.record(), storeRest(proposal, runs)));
                counts.merge(proposal.record().workspaceId(), 1, Integer::sum);
            }
            jobs.enqueueAll(runs);
            counts.forEach(usage::count);
            return runNow;
        }));
    }

    /**
     * Everything of a proposal but the action's row and its job, which {@link #store} inserts for
     * the whole batch: the job goes to {@code runs}.
     */
    private @Nullable ClaimedJob storeRest(Proposal proposal, List<Jobs.NewJob> runs) {
        ActionRecord record = proposal.record();
        String workspaceId = record.workspaceId();
        String id = record.id();
        ProposalRequest request = proposal.request();
        if (proposal.idempotencyKey() != null) {
            idempotencyKeys.link(workspaceId, proposal.idempotencyKey(), id);
        }
        var requested = ActionTransitions.requested(
                record.tool(), request.arguments(), request.conversation(), request.reason());
        requested.put("requestReview", request.requestReview());
        requested.put("via", proposal.via().wire);
        if (record.preparedByOperator()) {
            requested.put(
                    "requestedBy",
                    Map.of(
                            "type",
                            "operator",
                            "onBehalfOf",
                            Map.of(
                                    "type", record.requestedByType(),
                                    "id", record.requestedById(),
                                    "name", record.requestedByName())));
        }
        if (record.test()) {
            requested.put("test", true);
        }
        transitions.recordRequest(record, proposal.caller().actor(), requested);
        if (proposal.use() != null) {
            audit.append(
                    workspaceId,
                    AuditEventType.ACTION_APPROVED_IN_ADVANCE,
                    Actor.SYSTEM,
                    ActionTransitions.subject(id),
                    id,
                    Map.of(
                            "standingApprovalId", proposal.use().id(),
                            "uses", proposal.use().uses(),
                            "maxUses", proposal.use().maxUses()));
        }
        if (record.status() == ActionStatus.PENDING_APPROVAL) {
            var gate = reviewing.gate(record, record.approvalId(), record.createdAt(), null);
            approvals.open(gate);
            Instant expiresAt = record.createdAt().plus(gate.expiresAfter());
            audit.append(
                    workspaceId,
                    AuditEventType.APPROVAL_REQUESTED,
                    Actor.SYSTEM,
                    ActionTransitions.subject(id),
                    id,
                    Map.of("approvalId", record.approvalId(), "expiresAt", expiresAt.toString()));
            return null;
        }
        Decision decision = proposal.decision();
        return releases.enqueueRun(
                workspaceId, id, decision.notBefore(), decision.execution(), record.createdAt(), runs);
    }
}
