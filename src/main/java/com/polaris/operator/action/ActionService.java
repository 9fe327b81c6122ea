package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.GateClosed;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomActionChanging;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolInUse;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.UsageMeter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The life of an action from proposal to its end. The checks run in a fixed order — tool, usage
 * limit, input, policy, approval, business hours, execution mode — and every transition is one
 * transaction that changes the action, enqueues its job and appends its audit events together.
 */
@Service
public class ActionService {

    static final String RUN_JOB = "action.run";
    private static final Logger log = LoggerFactory.getLogger(ActionService.class);

    private final Actions actions;
    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final UsageMeter usage;
    private final IdempotencyKeys idempotencyKeys;
    private final Jobs jobs;
    private final AuditLog audit;
    private final ApprovalService approvals;
    private final ActionTransitions transitions;
    private final TransactionTemplate tx;
    private final ActionRunner runner;
    private final RunGate gate;
    private final ProposalChecks checks;
    private final Clock clock;
    private final JsonMapper json;
    private final JsonMapper canonicalJson;
    private final Duration approvalTtl;
    /**
     * Proposals arriving at the same moment share a transaction: one commit, one insert of their
     * actions and of their audit events, one usage count per workspace.
     */
    private final GroupCommit<Proposal, ClaimedJob> proposals;

    ActionService(
            Actions actions,
            Catalog catalog,
            Policies policies,
            BusinessHoursSchedules schedules,
            UsageMeter usage,
            IdempotencyKeys idempotencyKeys,
            Jobs jobs,
            AuditLog audit,
            ApprovalService approvals,
            ActionTransitions transitions,
            TransactionTemplate tx,
            ActionRunner runner,
            RunGate gate,
            ProposalChecks checks,
            Clock clock,
            JsonMapper json,
            @Value("${polaris.approvals.expire-after}") Duration approvalTtl,
            MeterRegistry meters,
            @Value("${polaris.shared-transactions.lanes}") int lanes,
            @Value("${polaris.shared-transactions.max-items}") int maxItems) {
        this.actions = actions;
        this.catalog = catalog;
        this.policies = policies;
        this.schedules = schedules;
        this.usage = usage;
        this.idempotencyKeys = idempotencyKeys;
        this.jobs = jobs;
        this.audit = audit;
        this.approvals = approvals;
        this.transitions = transitions;
        this.tx = tx;
        this.runner = runner;
        this.gate = gate;
        this.checks = checks;
        this.clock = clock;
        this.json = json;
        this.canonicalJson = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        this.approvalTtl = approvalTtl;
        this.proposals = new GroupCommit<>(lanes, maxItems, GroupCommit.sizes(meters, "proposals"), this::store);
    }

    /**
     * Refuses to change a custom action while approved actions of it have not finished: each was
     * approved as the action was defined then, and must not send anything else. Its actions that
     * wait for approval are locked until the change commits, so none is decided meanwhile.
     */
    @EventListener
    void onCustomActionChanging(CustomActionChanging change) {
        long unfinished = actions.lockUnfinished(change.workspaceId(), change.name());
        if (unfinished > 0) {
            throw new ToolInUse(change.name(), unfinished);
        }
    }

    /** A proposal's answer: the action, and whether this request created it (201) or replayed it (200). */
    public record Proposed(ActionView action, boolean created) {}

    public Proposed propose(Caller caller, JsonNode body, @Nullable String idempotencyKey) {
        ProposalRequest request = ProposalRequest.parse(body);
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
                throw new ApiProblem(
                        ApiProblem.Kind.MALFORMED,
                        "bad-idempotency-key",
                        "Bad Idempotency-Key",
                        "Idempotency-Key must be 1 to 255 characters.");
            }
            Optional<String> replay = idempotencyKeys.claimOrReplay(caller.workspaceId(), idempotencyKey, hash(body));
            if (replay.isPresent()) {
                return new Proposed(view(caller.workspaceId(), replay.get()), false);
            }
        }
        try {
            return new Proposed(create(caller, request, idempotencyKey), true);
        } catch (RuntimeException refused) {
            if (idempotencyKey != null) {
                idempotencyKeys.release(caller.workspaceId(), idempotencyKey);
            }
            throw refused;
        }
    }

    private ActionView create(Caller caller, ProposalRequest request, @Nullable String idempotencyKey) {
        String workspaceId = caller.workspaceId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var checked = checks.proposal(workspaceId, request.tool(), request.arguments(), request.requestReview(), now);
        Tool tool = checked.tool();
        Decision decision = checked.decision();
        String id = Ids.next("act");
        ActionStatus status = decision.approvalRequired()
                ? ActionStatus.PENDING_APPROVAL
                : decision.notBefore() != null ? ActionStatus.SCHEDULED : ActionStatus.QUEUED;
        String approvalId = decision.approvalRequired() ? Ids.next("apr") : null;
        var record = new ActionRecord(
                id,
                workspaceId,
                tool.name(),
                status,
                request.arguments(),
                request.conversation(),
                request.reason(),
                request.requestReview(),
                caller.type().wire(),
                caller.id(),
                caller.name(),
                ProposalChecks.decisionJson(json, decision),
                decision.notBefore(),
                approvalId,
                null,
                null,
                0,
                now,
                now,
                null);
        var proposal = new Proposal(caller, request, record, decision, idempotencyKey);
        var stored = proposals.submit(proposal);
        ClaimedJob runNow = stored.alone() ? store(List.of(proposal)).getFirst() : stored.result();
        if (runNow == null) {
            return ActionView.of(record, approvalId == null ? null : "pending");
        }
        runNow(runNow);
        return view(workspaceId, id);
    }

    /** A proposal that passed every check, ready to be stored. */
    private record Proposal(
            Caller caller,
            ProposalRequest request,
            ActionRecord record,
            Decision decision,
            @Nullable String idempotencyKey) {}

    /**
     * Stores proposals in one transaction: each action with its audit events and its job (or
     * approval request), and the usage they count. Answers, per proposal, the job its caller runs
     * right after commit (immediate execution), or null.
     */
    private List<@Nullable ClaimedJob> store(List<Proposal> batch) {
        return Objects.requireNonNull(tx.execute(status -> {
            actions.insertAll(batch.stream().map(Proposal::record).toList());
            List<@Nullable ClaimedJob> runNow = new ArrayList<>(batch.size());
            var runs = new ArrayList<Jobs.NewJob>(batch.size());
            var counts = new TreeMap<String, Integer>();
            for (Proposal proposal : batch) {
                runNow.add(storeRest(proposal, runs));
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
        audit.newSubject(workspaceId, subject(id));
        var requested = new LinkedHashMap<String, Object>();
        requested.put("tool", record.tool());
        requested.put("arguments", request.arguments());
        requested.put("conversation", request.conversation());
        requested.put("reason", request.reason());
        requested.put("requestReview", request.requestReview());
        audit.append(
                workspaceId, AuditEventType.ACTION_REQUESTED, proposal.caller().actor(), subject(id), id, requested);
        audit.append(
                workspaceId,
                AuditEventType.ACTION_DECIDED,
                Actor.SYSTEM,
                subject(id),
                id,
                Map.of("decision", record.decision()));
        if (record.status() == ActionStatus.PENDING_APPROVAL) {
            Instant expiresAt = record.createdAt().plus(approvalTtl);
            approvals.open(new ApprovalService.NewGate(
                    record.approvalId(), workspaceId, id, proposal.caller().id(), record.createdAt(), expiresAt, null));
            audit.append(
                    workspaceId,
                    AuditEventType.APPROVAL_REQUESTED,
                    Actor.SYSTEM,
                    subject(id),
                    id,
                    Map.of("approvalId", record.approvalId(), "expiresAt", expiresAt.toString()));
            return null;
        }
        Decision decision = proposal.decision();
        return enqueueRun(workspaceId, id, decision.notBefore(), decision.execution(), record.createdAt(), runs);
    }

    public ActionView view(String workspaceId, String actionId) {
        ActionRecord action = actions.find(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        return ActionView.of(
                action, approvalStatuses(workspaceId, List.of(action)).get(action.approvalId()));
    }

    /**
     * A page of the actions matching the filters (a null filter matches all), newest first, for the
     * console: the first page, or the one after the action {@code after}.
     */
    public Page<ActionView> recent(
            String workspaceId,
            @Nullable ActionStatus status,
            @Nullable String tool,
            @Nullable String conversationId,
            @Nullable String after,
            int limit) {
        var rows = actions.list(workspaceId, status, tool, conversationId, after, limit);
        var approvalStatuses = approvalStatuses(workspaceId, rows);
        return Page.of(rows, limit, ActionRecord::id, a -> ActionView.of(a, approvalStatuses.get(a.approvalId())));
    }

    /** The status of each action's latest approval, by approval id: the approval module keeps it. */
    private Map<@Nullable String, String> approvalStatuses(String workspaceId, List<ActionRecord> rows) {
        var ids = rows.stream()
                .map(ActionRecord::approvalId)
                .filter(Objects::nonNull)
                .toList();
        return new HashMap<>(ids.isEmpty() ? Map.of() : approvals.statuses(workspaceId, ids));
    }

    public long count(String workspaceId, ActionStatus status) {
        return actions.countByStatus(workspaceId, status);
    }

    /**
     * Releases an action its approval {@code approvalId} approved: for exactly the content it now has
     * (with the reviewer's edits), which is what {@link RunGate} lets run. It runs now, waits for
     * business hours, or runs at once on the caller's thread (the returned job, to pass to
     * {@link #runNow} after commit).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    @Nullable
    ClaimedJob approved(
            String workspaceId,
            String approvalId,
            String actionId,
            Actor reviewer,
            @Nullable String comment,
            @Nullable JsonNode editedArguments) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        Tool tool = catalog.find(workspaceId, action.tool()).orElseThrow(() -> ApiProblem.notFound("The tool"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("comment", comment);
        if (editedArguments != null && !editedArguments.equals(action.arguments())) {
            data.put("argumentsBefore", action.arguments());
            data.put("argumentsAfter", editedArguments);
            data.put("changes", ArgumentDiff.between(action.arguments(), editedArguments));
            action = action.withArguments(editedArguments);
        }
        // Checked again, edited or not: a custom action's input may have changed since the proposal.
        checks.requireValid(tool, action.arguments());
        audit.append(workspaceId, AuditEventType.APPROVAL_APPROVED, reviewer, subject(actionId), actionId, data);
        return release(action.approvedAs(gate.digest(action, tool)), ActionStatus.PENDING_APPROVAL, tool, null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void rejected(String workspaceId, String approvalId, String actionId, Actor reviewer, String reason) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        transitions.move(
                action.moveTo(ActionStatus.REJECTED, clock.instant()),
                ActionStatus.PENDING_APPROVAL,
                AuditEventType.APPROVAL_REJECTED,
                reviewer,
                Map.of("reason", reason));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void expired(String workspaceId, String approvalId, String actionId) {
        ActionRecord action = lockAwaiting(workspaceId, actionId, approvalId);
        transitions.move(
                action.moveTo(ActionStatus.EXPIRED, clock.instant()),
                ActionStatus.PENDING_APPROVAL,
                AuditEventType.APPROVAL_EXPIRED,
                Actor.SYSTEM,
                Map.of());
    }

    /** Checks edited arguments against the tool's input schema (422 when they break it). */
    public void requireValidArguments(String workspaceId, String toolName, JsonNode arguments) {
        Tool tool = catalog.find(workspaceId, toolName).orElseThrow(() -> ApiProblem.notFound("The tool"));
        checks.requireValid(tool, arguments);
    }

    /**
     * Runs an action claimed for immediate execution, on the caller's thread, after its transaction
     * committed. Should the run itself fail, the action is not lost: its job's lease expires and a
     * worker takes it over, so the caller still gets the action's answer.
     */
    public void runNow(ClaimedJob job) {
        try {
            runner.handle(job);
        } catch (RuntimeException e) {
            log.warn("Immediate run of action {} failed; a worker takes it over after the lease", job.subjectId(), e);
        }
    }

    public ActionView cancel(Caller caller, String actionId) {
        requireMayOperate(caller, actionId);
        tx.executeWithoutResult(status -> {
            ActionRecord action =
                    actions.lock(caller.workspaceId(), actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
            ActionStatus from = action.status();
            if (!from.mayCancel()) {
                throw ApiProblem.conflict(
                        "invalid-transition", "An action that is " + from.wire() + " cannot be cancelled.");
            }
            if (from == ActionStatus.PENDING_APPROVAL) {
                approvals.withdraw(caller.workspaceId(), Objects.requireNonNull(action.approvalId()));
            }
            transitions.move(
                    action.moveTo(ActionStatus.CANCELLED, clock.instant()),
                    from,
                    AuditEventType.ACTION_CANCELLED,
                    caller.actor(),
                    Map.of("from", from.wire()));
            jobs.cancel(caller.workspaceId(), RUN_JOB, actionId);
        });
        return view(caller.workspaceId(), actionId);
    }

    /**
     * Continues a failed or needs_review action. Unchanged, it runs what was approved (or, when its
     * policy now asks for a person and nobody approved this content, goes to one). With edited
     * arguments the decision is worked out again on them: when it asks for a person, the action goes
     * back to pending_approval with a new approval showing what changed. The member who requested the
     * action may retry it only unchanged.
     */
    public ActionView retry(Caller caller, String actionId, @Nullable JsonNode editedArguments) {
        caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
        ClaimedJob runNow = tx.execute(status -> {
            ActionRecord action =
                    actions.lock(caller.workspaceId(), actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
            ActionStatus from = action.status();
            if (!from.mayRetry()) {
                throw ApiProblem.conflict(
                        "invalid-transition", "An action that is " + from.wire() + " cannot be retried.");
            }
            Tool tool = catalog.find(caller.workspaceId(), action.tool())
                    .orElseThrow(() -> ApiProblem.notFound("The tool"));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("from", from.wire());
            data.put("previousError", action.error());
            List<Map<String, Object>> changes = null;
            if (editedArguments != null && !editedArguments.equals(action.arguments())) {
                if (caller.id().equals(action.requestedById())) {
                    throw ApiProblem.forbidden("You requested this action, so you may retry it only unchanged; "
                            + "someone else must edit it.");
                }
                changes = ArgumentDiff.between(action.arguments(), editedArguments);
                data.put("changes", changes);
                action = action.withArguments(editedArguments);
            }
            checks.requireValid(tool, action.arguments());
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.ACTION_RETRIED,
                    caller.actor(),
                    subject(actionId),
                    actionId,
                    data);
            return release(action.withOutcome(null, null), from, tool, changes);
        });
        if (runNow != null) {
            runNow(runNow);
        }
        return view(caller.workspaceId(), actionId);
    }

    /**
     * Moves a locked action that a person approved or that is retried on: to pending_approval when
     * {@link RunGate} says its content needs a person who has not approved it ({@code changes} being
     * what changed since the last approval), else to queued (or scheduled, outside business hours)
     * with its run enqueued.
     */
    private @Nullable ClaimedJob release(
            ActionRecord action, ActionStatus from, Tool tool, @Nullable List<Map<String, Object>> changes) {
        String workspaceId = action.workspaceId();
        Instant now = clock.instant();
        RunGate.Clearance clearance = gate.check(action, tool, now);
        if (!clearance.cleared()) {
            gate.requestApproval(action, from, clearance.decision(), changes, now);
            return null;
        }
        EffectivePolicy rules = PolicyEngine.effective(
                tool.kind(), policies.current(workspaceId, tool.name()).policy());
        Instant notBefore = PolicyEngine.notBefore(rules, schedules.of(workspaceId), now);
        ActionStatus next = notBefore != null ? ActionStatus.SCHEDULED : ActionStatus.QUEUED;
        transitions.write(action.withNotBefore(notBefore).moveTo(next, now), from);
        var runs = new ArrayList<Jobs.NewJob>(1);
        ClaimedJob runNow = enqueueRun(workspaceId, action.id(), notBefore, rules.execution(), now, runs);
        jobs.enqueueAll(runs);
        return runNow;
    }

    /**
     * Plans the run of an action that may run: its job, due at {@code notBefore} when business hours
     * make it wait, else now, goes to {@code runs} for the caller to enqueue; for immediate execution
     * the job is enqueued already claimed, for the caller to run after commit.
     */
    private @Nullable ClaimedJob enqueueRun(
            String workspaceId,
            String actionId,
            @Nullable Instant notBefore,
            ExecutionMode execution,
            Instant now,
            List<Jobs.NewJob> runs) {
        if (notBefore != null) {
            runs.add(new Jobs.NewJob(workspaceId, RUN_JOB, actionId, notBefore));
            audit.append(
                    workspaceId,
                    AuditEventType.ACTION_SCHEDULED,
                    Actor.SYSTEM,
                    subject(actionId),
                    actionId,
                    Map.of("notBefore", notBefore.toString()));
            return null;
        }
        audit.append(
                workspaceId,
                AuditEventType.ACTION_QUEUED,
                Actor.SYSTEM,
                subject(actionId),
                actionId,
                Map.of("execution", execution.wire()));
        if (execution == ExecutionMode.IMMEDIATE) {
            return jobs.enqueueClaimed(workspaceId, RUN_JOB, actionId);
        }
        runs.add(new Jobs.NewJob(workspaceId, RUN_JOB, actionId, now));
        return null;
    }

    private void requireMayOperate(Caller caller, String actionId) {
        if (caller.isMember()) {
            caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
            return;
        }
        ActionView action = view(caller.workspaceId(), actionId);
        if (!action.requestedBy().id().equals(caller.id())) {
            throw ApiProblem.forbidden("An integration key may cancel only the actions it proposed.");
        }
    }

    /** Locks the action, which must be waiting for the approval {@code approvalId}. */
    private ActionRecord lockAwaiting(String workspaceId, String actionId, String approvalId) {
        ActionRecord action = actions.lock(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        if (action.status() != ActionStatus.PENDING_APPROVAL || !approvalId.equals(action.approvalId())) {
            throw new GateClosed("The action is " + action.status().wire() + " and no longer waits for this approval.");
        }
        return action;
    }

    private String hash(JsonNode body) {
        Object canonical = canonicalJson.treeToValue(body, Object.class);
        String text = canonicalJson.writeValueAsString(canonical);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String subject(String actionId) {
        return "action:" + actionId;
    }
}
