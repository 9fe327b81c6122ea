package com.polaris.operator.action;

import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Sends an action on its way once it may run — after a proposal, an approval or a retry: to a person
 * when {@link RunGate} says its content needs one, else to its run, now or when business hours open.
 */
@Component
@RequiredArgsConstructor
class ActionRelease {

    private final RunGate gate;
    private final Policies policies;
    private final BusinessHoursSchedules schedules;
    private final ActionTransitions transitions;
    private final Jobs jobs;
    private final AuditLog audit;
    private final Clock clock;
    private final InAdvance inAdvance;

    /**
     * Moves a locked action that a person approved or that is retried on: to pending_approval when
     * {@link RunGate} says its content needs a person who has not approved it ({@code changes} being
     * what changed since the last approval) unless, its arguments edited, a standing approval
     * approves it in advance; else to queued (or scheduled, outside business hours)
     * with its run enqueued.
     */
    @Nullable
    ClaimedJob release(ActionRecord action, ActionStatus from, Tool tool, @Nullable List<Map<String, Object>> changes) {
        String workspaceId = action.workspaceId();
        Instant now = clock.instant();
        RunGate.Clearance clearance = gate.check(action, tool, now);
        if (!clearance.cleared()) {
            ActionRecord approved = changes == null ? null : inAdvance.approve(action, tool, clearance.decision(), now);
            if (approved == null) {
                gate.requestApproval(action, from, clearance.decision(), changes, now);
                return null;
            }
            action = approved;
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
    @Nullable
    ClaimedJob enqueueRun(
            String workspaceId,
            String actionId,
            @Nullable Instant notBefore,
            ExecutionMode execution,
            Instant now,
            List<Jobs.NewJob> runs) {
        if (notBefore != null) {
            runs.add(new Jobs.NewJob(workspaceId, ActionService.RUN_JOB, actionId, notBefore));
            audit.append(
                    workspaceId,
                    AuditEventType.ACTION_SCHEDULED,
                    Actor.SYSTEM,
                    ActionTransitions.subject(actionId),
                    actionId,
                    Map.of("notBefore", notBefore.toString()));
            return null;
        }
        audit.append(
                workspaceId,
                AuditEventType.ACTION_QUEUED,
                Actor.SYSTEM,
                ActionTransitions.subject(actionId),
                actionId,
                Map.of("execution", execution.wire()));
        if (execution == ExecutionMode.IMMEDIATE) {
            return jobs.enqueueClaimed(workspaceId, ActionService.RUN_JOB, actionId);
        }
        runs.add(new Jobs.NewJob(workspaceId, ActionService.RUN_JOB, actionId, now));
        return null;
    }
}
