package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
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
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Proposals: an agent's request becomes an action, once {@link ProposalChecks} passed it in their
 * fixed order. The action is stored with its decision, its audit events and either an approval gate
 * or its job, in one transaction; an idempotency key makes a repeated request return the first
 * action.
 */
@Component
public class Proposals {

    private static final Set<String> TEST_RUN_FIELDS = Set.of("arguments", "conversation", "reason");

    private final ActionService actions;
    private final ActionTransitions transitions;
    private final ProposalChecks checks;
    private final ActionRelease releases;
    private final IdempotencyKeys idempotencyKeys;
    private final ApprovalService approvals;
    private final UsageMeter usage;
    private final Jobs jobs;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;
    private final JsonMapper canonicalJson;
    private final Reviewing reviewing;
    private final StandingApprovals standing;
    private final RunGate gate;
    /**
     * Proposals arriving at the same moment share a transaction: one commit, one insert of their
     * actions and of their audit events, one usage count per workspace.
     */
    private final GroupCommit<Proposal, Stored> proposals;

    Proposals(
            ActionService actions,
            ActionTransitions transitions,
            ProposalChecks checks,
            ActionRelease releases,
            IdempotencyKeys idempotencyKeys,
            ApprovalService approvals,
            UsageMeter usage,
            Jobs jobs,
            AuditLog audit,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json,
            Reviewing reviewing,
            MeterRegistry meters,
            SharedTransactions shared,
            StandingApprovals standing,
            RunGate gate) {
        this.standing = standing;
        this.gate = gate;
        this.actions = actions;
        this.transitions = transitions;
        this.checks = checks;
        this.releases = releases;
        this.idempotencyKeys = idempotencyKeys;
        this.approvals = approvals;
        this.usage = usage;
        this.jobs = jobs;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.canonicalJson = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        this.reviewing = reviewing;
        this.proposals = new GroupCommit<>(
                shared.lanes(), shared.maxItems(), GroupCommit.sizes(meters, "proposals"), this::store);
    }

    /** A proposal's answer: the action, and whether this request created it (201) or replayed it (200). */
    public record Proposed(ActionView action, boolean created) {}

    /** The way a proposal came in, kept in its {@code action.requested} audit event. */
    public enum Via {
        API("api"),
        MCP("mcp"),
        CONSOLE("console"),
        /** Prepared by the operator from a conversation, on behalf of the caller. */
        OPERATOR("operator");

        private final String wire;

        Via(String wire) {
            this.wire = wire;
        }
    }

    /**
     * Proposes the action {@code body} asks for ({@code POST /api/v1/actions}'s body), whichever way
     * it came: every check, the approval gate, usage counting and the audit happen here.
     */
    public Proposed propose(Caller caller, JsonNode body, @Nullable String idempotencyKey, Via via) {
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
                return new Proposed(actions.view(caller.workspaceId(), replay.get()), false);
            }
        }
        try {
            return new Proposed(create(caller, request, idempotencyKey, via, false), true);
        } catch (RuntimeException refused) {
            if (idempotencyKey != null) {
                idempotencyKeys.release(caller.workspaceId(), idempotencyKey);
            }
            throw refused;
        }
    }

    /**
     * A member's test run of a tool, a draft or a published one: body {@code {"arguments",
     * "conversation", "reason"}}. It is a real action, marked {@code test}, that takes every step a
     * proposal takes (checks, policy, approval, usage, audit), so the tool is tried exactly as
     * agents will use it once published.
     */
    public ActionView testRun(Caller caller, String toolName, @Nullable JsonNode body, Via via) {
        caller.requireMember();
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("", "the request body must be a JSON object");
        }
        var unknown = new ArrayList<ApiProblem.FieldProblem>();
        body.propertyNames().forEach(name -> {
            if (!TEST_RUN_FIELDS.contains(name)) {
                unknown.add(new ApiProblem.FieldProblem(name, "is not a known field"));
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid("The test run is not valid.", unknown);
        }
        var proposal = json.createObjectNode();
        proposal.put("tool", toolName);
        proposal.setAll((ObjectNode) body);
        return create(caller, ProposalRequest.parse(proposal), null, via, true);
    }

    private ActionView create(
            Caller caller, ProposalRequest request, @Nullable String idempotencyKey, Via via, boolean test) {
        String workspaceId = caller.workspaceId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var checked = checks.proposal(
                caller,
                request.tool(),
                request.arguments(),
                request.conversation(),
                request.requestReview(),
                test,
                via == Via.OPERATOR,
                now);
        ProposalChecks.requireContext(checked.settings().policy().review(), request);
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
                null,
                test,
                via == Via.OPERATOR,
                null,
                null);
        var proposal = new Proposal(
                caller,
                request,
                record,
                decision,
                idempotencyKey,
                via,
                tool,
                checked.settings(),
                checked.standingApproval() == null
                        ? null
                        : checked.standingApproval().id(),
                null);
        var outcome = proposals.submit(proposal);
        Stored stored = outcome.alone() ? store(List.of(proposal)).getFirst() : outcome.result();
        Objects.requireNonNull(stored);
        if (stored.runNow() == null) {
            ActionRecord kept = stored.record();
            return ActionView.of(kept, kept.approvalId() == null ? null : "pending");
        }
        actions.runNow(stored.runNow());
        return actions.view(workspaceId, id);
    }

    /**
     * A proposal that passed every check, ready to be stored. {@code standingApprovalId} names the
     * standing approval that may approve it in advance; {@code use} is the use counted for it once
     * stored (null: none was, and the policy's decision stands).
     */
    private record Proposal(
            Caller caller,
            ProposalRequest request,
            ActionRecord record,
            Decision decision,
            @Nullable String idempotencyKey,
            Via via,
            Tool tool,
            ToolSettings settings,
            @Nullable String standingApprovalId,
            StandingApprovals.@Nullable Use use) {}

    /** A stored proposal: the action as stored, and the job its caller runs right after commit, or null. */
    private record Stored(ActionRecord record, @Nullable ClaimedJob runNow) {}

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
    private List<@Nullable Stored> store(List<Proposal> proposed) {
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
        audit.newSubject(workspaceId, ActionTransitions.subject(id));
        var requested = new LinkedHashMap<String, Object>();
        requested.put("tool", record.tool());
        requested.put("arguments", request.arguments());
        requested.put("conversation", request.conversation());
        requested.put("reason", request.reason());
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
        audit.append(
                workspaceId,
                AuditEventType.ACTION_REQUESTED,
                proposal.caller().actor(),
                ActionTransitions.subject(id),
                id,
                requested);
        audit.append(
                workspaceId,
                AuditEventType.ACTION_DECIDED,
                Actor.SYSTEM,
                ActionTransitions.subject(id),
                id,
                Map.of("decision", record.decision()));
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
}
