package com.polaris.operator.action;

import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolExecutors;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import com.polaris.operator.workspace.BusinessHours;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The start of an action's run, in the transaction that batches of jobs share: whether it may still
 * run (not cancelled, cleared by {@link RunGate}, inside business hours), then for an internal tool
 * the run to its outcome, for an external one the mark that it runs. {@link ActionRunner} hands jobs
 * in through the group commit {@link SharedCommits#sharedRunStarts} makes of {@link #startAll}.
 */
@Component
@RequiredArgsConstructor
class RunStarts {

    private final Actions actions;
    private final Catalog catalog;
    private final ToolExecutors executors;
    private final BusinessHoursSchedules schedules;
    private final Jobs jobs;
    private final AuditLog audit;
    private final ActionAttempts attempts;
    private final RunOutcomes outcomes;
    private final ActionTransitions transitions;
    private final RunGate gate;
    private final Policies policies;
    private final TransactionTemplate tx;
    private final Clock clock;

    /**
     * Starts a batch of jobs in one transaction (see {@link #startOrRun}): their actions are locked
     * by one statement, their audit chain heads looked up by one more, and the completed runs are
     * written together at the end. A job that starts alone is a batch of one.
     */
    List<RunOutcomes.@Nullable Started> startAll(List<ClaimedJob> batch) {
        return Objects.requireNonNull(tx.execute(status -> {
            var locked =
                    actions.lockAll(batch.stream().map(ClaimedJob::subjectId).toList());
            locked.values().stream()
                    .collect(Collectors.groupingBy(
                            ActionRecord::workspaceId,
                            Collectors.mapping(a -> ActionTransitions.subject(a.id()), Collectors.toList())))
                    .forEach(audit::lookUpHeads);
            var completions = outcomes.completions();
            List<RunOutcomes.@Nullable Started> started = new ArrayList<>(batch.size());
            for (ClaimedJob job : batch) {
                started.add(startOrRun(job, locked, completions));
            }
            completions.write();
            return started;
        }));
    }

    /**
     * In the batch's transaction: starts the job's action and, for an internal tool, runs it to its
     * outcome. Answers the started run of an external tool, which runs after commit; null when
     * nothing is left to do. {@code locked}: the batch's actions, already locked; {@code
     * completions}: where successes are written.
     */
    private RunOutcomes.@Nullable Started startOrRun(
            ClaimedJob job, Map<String, ActionRecord> locked, RunOutcomes.Completions completions) {
        RunOutcomes.Started started = start(job, locked);
        if (started == null || !started.internal()) {
            return started;
        }
        outcomes.finish(job, started, execute(started.action()), completions);
        return null;
    }

    /**
     * Marks the action running, or ends/reschedules the job when the action may not run now.
     * {@code locked}: the actions of the job's batch, locked by the caller.
     */
    RunOutcomes.@Nullable Started start(ClaimedJob job, Map<String, ActionRecord> locked) {
        var found = Optional.ofNullable(locked.get(job.subjectId()))
                .filter(a -> a.workspaceId().equals(job.workspaceId()));
        if (found.isEmpty() || !found.get().status().mayStart()) {
            jobs.complete(job);
            return null;
        }
        ActionRecord action = found.get();
        Instant now = clock.instant();
        Tool tool = catalog.find(action.workspaceId(), action.tool()).orElse(null);
        if (tool == null) {
            outcomes.failAtStart(
                    job, action, new ToolResult.Failure("unknown_tool", "The tool no longer exists.", false, false));
            return null;
        }
        if (action.status() == ActionStatus.RUNNING && tool.kind() == ToolKind.EXTERNAL) {
            outcomes.failAtStart(
                    job,
                    action,
                    new ToolResult.Failure(
                            "interrupted",
                            "The node delivering this action "
                                    + "stopped before it finished; it may or may not have reached the other side.",
                            false,
                            true));
            return null;
        }
        if (job.attempts() > outcomes.maxAttempts(action)) {
            outcomes.failAtStart(
                    job,
                    action,
                    new ToolResult.Failure(
                            "attempts_exhausted",
                            "The action was started " + (job.attempts() - 1) + " times without finishing.",
                            false,
                            false));
            return null;
        }
        if (!policies.enabled(action.workspaceId(), tool.name())) {
            // An approval granted before the tool was disabled does not make it run.
            outcomes.failAtStart(
                    job,
                    action,
                    ToolResult.Failure.permanent(
                            "tool_disabled",
                            "The tool is disabled in this workspace; enable it and retry the action."));
            return null;
        }
        RunGate.Clearance clearance = gate.check(action, tool, now);
        if (clearance.refusal() != null) {
            outcomes.failAtStart(
                    job,
                    action,
                    new ToolResult.Failure(
                            "approval_mismatch",
                            "Not run: " + clearance.refusal()
                                    + ". Check the action; a retry sends it to a person for approval.",
                            false,
                            true));
            return null;
        }
        if (!clearance.cleared()) {
            gate.requestApproval(action, action.status(), clearance.decision(), null, now);
            jobs.complete(job);
            return null;
        }
        EffectivePolicy rules = outcomes.rules(action, tool);
        BusinessHours hours = schedules.of(action.workspaceId());
        Instant notBefore = PolicyEngine.notBefore(rules, hours, now);
        if (notBefore != null) {
            transitions.move(
                    action.withNotBefore(notBefore).moveTo(ActionStatus.SCHEDULED, now),
                    action.status(),
                    AuditEventType.ACTION_SCHEDULED,
                    Actor.SYSTEM,
                    Map.of("notBefore", notBefore.toString()));
            jobs.reschedule(job, notBefore, "");
            return null;
        }
        ActionRecord running =
                action.withNotBefore(null).withAttempts(action.attempts() + 1).moveTo(ActionStatus.RUNNING, now);
        boolean internal = tool.kind() == ToolKind.INTERNAL;
        if (!internal) {
            transitions.write(running, action.status());
            attempts.started(running, jobs.nodeId(), now);
        }
        audit.append(
                action.workspaceId(),
                AuditEventType.ACTION_STARTED,
                Actor.SYSTEM,
                ActionTransitions.subject(action.id()),
                action.id(),
                Map.of("attempt", running.attempts()));
        return new RunOutcomes.Started(running, internal ? action.status() : ActionStatus.RUNNING, internal, now);
    }

    /** Runs the action's tool, whether inside the batch's transaction (internal) or after it (external). */
    ToolResult execute(ActionRecord action) {
        ToolExecutor executor = executors.forTool(action.tool()).orElse(null);
        if (executor == null) {
            return ToolResult.Failure.permanent("not_available", "This tool cannot run yet in this installation.");
        }
        return executor.execute(new ToolRun(
                action.workspaceId(), action.id(), action.tool(), action.arguments(), action.conversationId()));
    }
}
