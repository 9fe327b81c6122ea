package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomActionChanging;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolInUse;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.workspace.UsageMeter;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The life of an action from proposal to its end. The checks run in a fixed order — tool, usage
 * limit, input, policy, approval, business hours, execution mode — and every transition is one
 * transaction that changes the action, enqueues its job and appends its audit events together.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ActionService {

    static final String RUN_JOB = "action.run";
    private static final Logger log = LoggerFactory.getLogger(ActionService.class);

    private final Actions actions;
    private final Catalog catalog;
    private final UsageMeter usage;
    private final AuditLog audit;
    private final ApprovalService approvals;
    private final ActionTransitions transitions;
    private final TransactionTemplate tx;
    private final ActionRunner runner;
    private final ProposalChecks checks;
    private final ActionRelease releases;
    private final Clock clock;
    private final JsonMapper json;

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

    public ActionView view(String workspaceId, String actionId) {
        ActionRecord action = actions.find(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        return ActionView.of(
                action, approvalStatuses(workspaceId, List.of(action), Map.of()).get(action.approvalId()));
    }

    /** The views of these actions, by id, read together. */
    public Map<String, ActionView> views(String workspaceId, Collection<String> actionIds) {
        return views(workspaceId, actionIds, Map.of());
    }

    /**
     * {@link #views(String, Collection)} when the caller already holds the status of some approvals
     * ({@code knownApprovalStatuses}, by approval id, as an inbox page does): only the others are read.
     */
    public Map<String, ActionView> views(
            String workspaceId, Collection<String> actionIds, Map<String, String> knownApprovalStatuses) {
        var rows = actions.findAll(workspaceId, actionIds);
        var approvalStatuses = approvalStatuses(workspaceId, List.copyOf(rows.values()), knownApprovalStatuses);
        var views = new HashMap<String, ActionView>();
        rows.forEach((id, a) -> views.put(id, ActionView.of(a, approvalStatuses.get(a.approvalId()))));
        return views;
    }

    /** A page of the actions that {@code filter} shows, newest first. */
    public Page<ActionView> recent(String workspaceId, ActionFilter filter, PageRequest page) {
        var rows = actions.list(workspaceId, filter, page);
        var approvalStatuses = approvalStatuses(workspaceId, rows.items(), Map.of());
        return rows.map(a -> ActionView.of(a, approvalStatuses.get(a.approvalId())));
    }

    /** The status of each action's latest approval, by approval id: the approval module keeps it. */
    private Map<@Nullable String, String> approvalStatuses(
            String workspaceId, List<ActionRecord> rows, Map<String, String> known) {
        var ids = rows.stream()
                .map(ActionRecord::approvalId)
                .filter(id -> id != null && !known.containsKey(id))
                .distinct()
                .toList();
        var statuses = new HashMap<@Nullable String, String>(known);
        if (!ids.isEmpty()) {
            statuses.putAll(approvals.statuses(workspaceId, ids));
        }
        return statuses;
    }

    /** How many of the workspace's actions failed or need review, counted up to {@code CappedCount.LIMIT}. */
    public long countNeedingAttention(String workspaceId) {
        return actions.countNeedingAttention(workspaceId);
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
                    transitions.lock(caller.workspaceId(), actionId, ActionStatus::mayCancel, "cancelled");
            ActionStatus from = action.status();
            if (from == ActionStatus.PENDING_APPROVAL) {
                approvals.withdraw(caller.workspaceId(), Objects.requireNonNull(action.approvalId()));
            }
            transitions.move(
                    action.moveTo(ActionStatus.CANCELLED, clock.instant()),
                    from,
                    AuditEventType.ACTION_CANCELLED,
                    caller.actor(),
                    Map.of("from", from.wire()));
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
            ActionRecord action = transitions.lock(caller.workspaceId(), actionId, ActionStatus::mayRetry, "retried");
            ActionStatus from = action.status();
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
                    ActionTransitions.subject(actionId),
                    actionId,
                    data);
            return releases.release(action.withOutcome(null, null), from, tool, changes);
        });
        if (runNow != null) {
            runNow(runNow);
        }
        return view(caller.workspaceId(), actionId);
    }

    private void requireMayOperate(Caller caller, String actionId) {
        if (caller.isMember()) {
            caller.requireRole(Role.OWNER, Role.ADMIN, Role.REVIEWER);
            return;
        }
        ActionView action = view(caller.workspaceId(), actionId);
        if (!action.requesterId().equals(caller.id())) {
            throw ApiProblem.forbidden("An integration key may cancel only the actions it proposed.");
        }
    }
}
