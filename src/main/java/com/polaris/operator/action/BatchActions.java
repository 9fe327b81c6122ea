package com.polaris.operator.action;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.GateSubject;
import com.polaris.operator.approval.NewGate;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionFailed;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.Decision;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.policy.Route;
import com.polaris.operator.policy.ToolSettings;
import com.polaris.operator.workspace.BusinessHours;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a batch of many items needs of actions: the checks a proposal passes, applied to each item,
 * the approval gate that covers them all, and the fan-out into one action per item. An item's action
 * is stored with the batch's approval as already granted for exactly its content (the keyed digest
 * {@link RunGate} checks), so it runs without an approval of its own, and nothing else can make it
 * run unapproved: an action whose content differs from its digest is refused at the run gate like
 * any other. Each item's action exists at most once: {@code (batch_id, item_index)} is unique.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class BatchActions {

    /** Statuses of a batch's actions that cancelling the batch ends: none of them has started. */
    private static final List<String> UNSTARTED =
            List.of(ActionStatus.PENDING_APPROVAL.wire(), ActionStatus.SCHEDULED.wire(), ActionStatus.QUEUED.wire());

    private final ProposalChecks checks;
    private final Catalog catalog;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final Actions actions;
    private final ActionService service;
    private final ActionTransitions transitions;
    private final ActionRelease releases;
    private final ApprovalService approvals;
    private final RunGate gate;
    private final Jobs jobs;
    private final JsonMapper json;

    @Value("${polaris.approvals.expire-after}")
    private final Duration defaultExpiry;

    /** One item of a batch: its place in the batch and what a single proposal's body would carry. */
    public record Item(
            int index, JsonNode arguments, @Nullable JsonNode conversation) {}

    /**
     * What the checks found for a whole batch: the tool, whether one approval must cover the batch
     * (the tool's policy asks for a person for some item, or the batch has more items than the
     * policy's {@code bulkApprovalAbove}), and who decides it (the first route that holds for some
     * item, else the policy's reviewers), with why.
     */
    public record Assessment(
            String tool, String title, boolean approvalRequired, Reviewers reviewers, List<String> reasons) {}

    /**
     * The first checks of a batch, in a proposal's order: the tool exists for the caller (404), is
     * enabled and published (409), and the usage limit has room (429). {@link #assess} checks the items.
     */
    public Tool tool(Caller caller, String toolName) {
        Tool tool = checks.tool(caller, toolName);
        ToolSettings settings = policies.current(caller.workspaceId(), tool.name());
        if (!settings.enabled()) {
            throw ApiProblem.conflict("tool-disabled", "The tool '" + tool.name() + "' is disabled in this workspace.");
        }
        if (!catalog.published(caller.workspaceId(), tool.name())) {
            throw ApiProblem.conflict(
                    "tool-draft",
                    "The tool '" + tool.name() + "' is a draft: publish it before sending batches of it.");
        }
        return tool;
    }

    /** The problems of one item's arguments against the tool's input schema, each field as the schema names it. */
    public List<ApiProblem.FieldProblem> problems(Tool tool, JsonNode arguments) {
        if (!arguments.isObject()) {
            return List.of(new ApiProblem.FieldProblem("arguments", "is required and must be an object"));
        }
        return catalog.validate(tool, arguments);
    }

    /** Whether one approval must cover a batch of these items, and who decides it (see {@link Assessment}). */
    public Assessment assess(Caller caller, Tool tool, List<Item> items, Instant now) {
        Policy policy = policies.current(caller.workspaceId(), tool.name()).policy();
        BusinessHours hours = schedules.of(caller.workspaceId());
        var requester = RouteConditions.requestedBy(caller);
        var reasons = new ArrayList<String>();
        boolean itemNeedsPerson = false;
        boolean perItem = policy.approvalWhen() != null || !policy.routes().isEmpty();
        Reviewers reviewers = null;
        for (Item item : perItem ? items : items.subList(0, 1)) {
            ConditionInput input =
                    RouteConditions.input(item.arguments(), item.conversation(), requester, tool.name(), now);
            Decision decision = PolicyEngine.decide(tool.kind(), policy, false, input, hours, now);
            if (decision.approvalRequired() && !itemNeedsPerson) {
                itemNeedsPerson = true;
                reasons.addAll(decision.reasons());
            }
            if (reviewers == null) {
                reviewers = route(policy, input);
            }
        }
        if (items.size() > policy.bulkApprovalAbove()) {
            reasons.add("The batch has " + items.size() + " items, more than the " + policy.bulkApprovalAbove()
                    + " this tool's policy lets through without review (bulkApprovalAbove)");
        }
        boolean required = itemNeedsPerson || items.size() > policy.bulkApprovalAbove();
        return new Assessment(
                tool.name(),
                tool.title(),
                required,
                reviewers == null ? policy.defaultReviewers() : reviewers,
                required ? List.copyOf(reasons) : List.of());
    }

    /** The first route whose condition holds for the item; owners and admins when one cannot be evaluated. */
    private static @Nullable Reviewers route(Policy policy, ConditionInput input) {
        for (Route route : policy.routes()) {
            try {
                if (Condition.compile(route.when()).test(input)) {
                    return route.reviewers();
                }
            } catch (ConditionFailed failed) {
                return Reviewers.OWNERS_AND_ADMINS;
            }
        }
        return null;
    }

    /**
     * Opens the one approval gate of a batch in the caller's transaction: its reviewers and expiry
     * come from the tool's policy, as for a single action's approval.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void openGate(
            Caller caller, String batchId, String approvalId, Assessment assessment, int count, Instant now) {
        Policy policy =
                policies.current(caller.workspaceId(), assessment.tool()).policy();
        approvals.open(new NewGate(
                approvalId,
                caller.workspaceId(),
                batchId,
                assessment.tool(),
                caller.id(),
                now,
                policy.approvalExpiresAfter() == null ? defaultExpiry : policy.approvalExpiresAfter(),
                policy.remindAfter(),
                policy.escalateAfter(),
                null,
                assessment.reviewers(),
                String.format("%,d items of %s", count, assessment.title()),
                GateSubject.BATCH));
    }

    /** A batch as stored, for the fan-out of its items: who asked, why, and the approval that covers it (if any). */
    public record Batch(
            String workspaceId,
            String id,
            String tool,
            @Nullable String approvalId,
            @Nullable String reason,
            String requestedByType,
            String requestedById,
            String requestedByName) {}

    /**
     * Creates the actions of these items of {@code batch} in the caller's transaction, skipping items
     * whose actions exist already (a fan-out run again after a crash), each with its decision for now
     * (execution and business hours by the tool's policy), its audit events and its run job. With the
     * batch's approval, each is approved for exactly its content; the items run from the queue, an
     * immediate tool's too. Answers how many actions it created.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int fanOut(Batch batch, List<Item> items, Instant now) {
        if (items.isEmpty()) {
            return 0;
        }
        Tool tool = catalog.find(batch.workspaceId(), batch.tool())
                .orElseThrow(() -> new IllegalStateException(
                        "The tool " + batch.tool() + " of batch " + batch.id() + " no longer exists"));
        Policy policy = policies.current(batch.workspaceId(), tool.name()).policy();
        BusinessHours hours = schedules.of(batch.workspaceId());
        int from = items.getFirst().index();
        int to = items.getLast().index() + 1;
        Set<Integer> existing = actions.existingItems(batch.id(), from, to);
        var requester = new ConditionInput.RequestedBy(
                batch.requestedByType(), batch.requestedById(), batch.requestedByName(), null);
        var created = new ArrayList<ActionRecord>(items.size());
        var decisions = new ArrayList<Decision>(items.size());
        for (Item item : items) {
            if (existing.contains(item.index())) {
                continue;
            }
            ConditionInput input =
                    RouteConditions.input(item.arguments(), item.conversation(), requester, tool.name(), now);
            Decision asked = PolicyEngine.decide(tool.kind(), policy, false, input, hours, now);
            Decision decision = batch.approvalId() == null
                    ? asked
                    : new Decision(
                            true,
                            asked.execution(),
                            asked.businessHours(),
                            asked.notBefore(),
                            List.of("Approved with batch " + batch.id() + " (approval " + batch.approvalId() + ")"));
            var record = new ActionRecord(
                    Ids.next("act"),
                    batch.workspaceId(),
                    tool.name(),
                    decision.notBefore() != null ? ActionStatus.SCHEDULED : ActionStatus.QUEUED,
                    item.arguments(),
                    item.conversation(),
                    batch.reason(),
                    false,
                    batch.requestedByType(),
                    batch.requestedById(),
                    batch.requestedByName(),
                    ProposalChecks.decisionJson(json, decision),
                    decision.notBefore(),
                    batch.approvalId(),
                    null,
                    null,
                    0,
                    now,
                    now,
                    null,
                    false,
                    false,
                    batch.id(),
                    item.index());
            created.add(batch.approvalId() == null ? record : record.approvedAs(gate.digest(record, tool)));
            decisions.add(decision);
        }
        transitions.created(created);
        var runs = new ArrayList<Jobs.NewJob>(created.size());
        for (int i = 0; i < created.size(); i++) {
            ActionRecord record = created.get(i);
            Decision decision = decisions.get(i);
            var requested = ActionTransitions.requested(
                    record.tool(), record.arguments(), record.conversation(), record.reason());
            requested.put("batchId", batch.id());
            requested.put("itemIndex", record.itemIndex());
            transitions.recordRequest(
                    record,
                    new Actor(batch.requestedByType(), batch.requestedById(), batch.requestedByName()),
                    requested);
            ExecutionMode execution =
                    decision.execution() == ExecutionMode.IMMEDIATE ? ExecutionMode.BACKGROUND : decision.execution();
            releases.enqueueRun(batch.workspaceId(), record.id(), decision.notBefore(), execution, now, runs);
        }
        jobs.enqueueAll(runs);
        return created.size();
    }

    /**
     * Cancels up to {@code limit} of a batch's actions that have not started (waiting for an approval
     * of their own, for business hours or in the queue), in the caller's transaction; answers how many.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelUnstarted(String workspaceId, String batchId, Actor actor, Instant now, int limit) {
        List<ActionRecord> unstarted = actions.lockOfBatch(workspaceId, batchId, UNSTARTED, limit);
        for (ActionRecord action : unstarted) {
            ActionStatus from = action.status();
            if (from == ActionStatus.PENDING_APPROVAL) {
                approvals.withdraw(workspaceId, Objects.requireNonNull(action.approvalId()));
            }
            transitions.move(
                    action.moveTo(ActionStatus.CANCELLED, now),
                    from,
                    AuditEventType.ACTION_CANCELLED,
                    actor,
                    Map.of("from", from.wire(), "batchId", batchId));
        }
        return unstarted.size();
    }

    /** How many of a batch's actions are in each status, by the status's API name. */
    public Map<String, Long> counts(String workspaceId, String batchId) {
        return actions.countsOfBatch(workspaceId, batchId);
    }

    /** A page of a batch's actions as the API shows them, newest first. */
    public Page<ActionView> page(String workspaceId, String batchId, PageRequest page) {
        var rows = actions.listOfBatch(workspaceId, batchId, page);
        var views = service.views(
                workspaceId, rows.items().stream().map(ActionRecord::id).toList());
        return rows.map(a -> Objects.requireNonNull(views.get(a.id())));
    }
}
