package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.Jobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The one place an action changes status. The caller holds the action's row lock (it read the action
 * with {@link Actions#lock}); a move is checked against {@link ActionStatus}'s table, written only
 * if the action is still where the caller saw it, and recorded in the audit log in the same
 * transaction; a move to cancelled also removes the action's run job. Enqueueing a run is
 * {@link ActionRelease#enqueueRun}'s, which knows when and how (claimed for an immediate run).
 * Every move written here, and every action created, is announced in the same transaction as an
 * {@link ActionStatusChanged}.
 */
@Component
@RequiredArgsConstructor
class ActionTransitions {

    private final Actions actions;
    private final AuditLog audit;
    private final Jobs jobs;
    private final ApplicationEventPublisher events;

    /** Inserts new actions (in one round trip) and announces the status each starts in. */
    void created(List<ActionRecord> records) {
        actions.insertAll(records);
        records.forEach(this::announce);
    }

    /**
     * Reads the action and holds its row lock, for a person's request that {@code allowed} says its
     * status permits: 404 when the workspace has no such action, 409 {@code invalid-transition} (an
     * action that is failed "cannot be {@code refused}") when its status does not permit it.
     */
    ActionRecord lock(String workspaceId, String actionId, Predicate<ActionStatus> allowed, String refused) {
        ActionRecord action = actions.lock(workspaceId, actionId).orElseThrow(() -> ApiProblem.notFound("The action"));
        if (!allowed.test(action.status())) {
            throw ApiProblem.conflict(
                    "invalid-transition",
                    "An action that is " + action.status().wire() + " cannot be " + refused + ".");
        }
        return action;
    }

    /**
     * Moves a locked action from {@code from} to {@code moved}'s status and records {@code event}
     * about it (for example {@code action.cancelled} or {@code approval.rejected}). A cancelled
     * action's run job, waiting in the queue or for business hours, goes with it.
     */
    void move(ActionRecord moved, ActionStatus from, AuditEventType event, Actor actor, Map<String, ?> data) {
        write(moved, from);
        record(moved, event, actor, data);
        if (moved.status() == ActionStatus.CANCELLED) {
            jobs.cancel(moved.workspaceId(), ActionService.RUN_JOB, moved.id());
        }
    }

    /**
     * Moves an action without an event of its own (the caller records the event that explains it).
     * False when the action was no longer in {@code from}: only an external tool's outcome is written
     * without the row lock, and a node that took over the stopped run has ended the action already.
     */
    boolean write(ActionRecord moved, ActionStatus from) {
        Actions.Change change = checked(moved, from);
        if (!actions.update(change.action(), change.expected())) {
            return false;
        }
        announce(moved);
        return true;
    }

    /** Writes moves checked with {@link #checked} in one round trip; fails if any action had moved on. */
    void writeAll(List<Actions.Change> changes) {
        actions.updateAll(changes);
        changes.forEach(change -> announce(change.action()));
    }

    /** A move checked against the table, for a caller that writes many together ({@link Actions#updateAll}). */
    Actions.Change checked(ActionRecord moved, ActionStatus from) {
        if (!from.mayMoveTo(moved.status())) {
            throw new IllegalStateException("Action " + moved.id() + " may not move from " + from.wire() + " to "
                    + moved.status().wire());
        }
        return new Actions.Change(moved, from);
    }

    private void announce(ActionRecord action) {
        events.publishEvent(new ActionStatusChanged(action.workspaceId(), action.id(), action.status()));
    }

    /**
     * Starts a new action's audit chain with its first two events: what was asked for
     * ({@code requested}, begun by {@link #requested}) and the policy's decision.
     */
    void recordRequest(ActionRecord action, Actor requester, Map<String, ?> requested) {
        audit.newSubject(action.workspaceId(), subject(action.id()));
        record(action, AuditEventType.ACTION_REQUESTED, requester, requested);
        record(action, AuditEventType.ACTION_DECIDED, Actor.SYSTEM, Map.of("decision", action.decision()));
    }

    /**
     * The data of an action's requested event as far as every way of asking shares it; the caller
     * adds how it was asked (a proposal's channel, a batch's item) after these, in the order written.
     */
    static Map<String, @Nullable Object> requested(
            String tool, JsonNode arguments, @Nullable JsonNode conversation, @Nullable String reason) {
        var requested = new LinkedHashMap<String, @Nullable Object>();
        requested.put("tool", tool);
        requested.put("arguments", arguments);
        requested.put("conversation", conversation);
        requested.put("reason", reason);
        return requested;
    }

    /** Appends an event to the action's audit chain. */
    void record(ActionRecord action, AuditEventType event, Actor actor, Map<String, ?> data) {
        audit.append(action.workspaceId(), event, actor, subject(action.id()), action.id(), data);
    }

    static String subject(String actionId) {
        return "action:" + actionId;
    }
}
