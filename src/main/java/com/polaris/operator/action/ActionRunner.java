package com.polaris.operator.action;

import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.job.LeaseLostException;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolExecutors;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import com.polaris.operator.workspace.BusinessHours;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an action's job: checks it may still run (not cancelled, cleared by {@link RunGate}, inside
 * business hours), marks it running, runs the tool, and records the outcome — success, a retry with backoff, failed or
 * needs_review. An internal tool runs in one transaction from start to outcome: its record, the
 * action's new status and the end of the job commit together, so a crash leaves either nothing
 * or everything. An external tool runs outside any transaction, between one that marks the
 * action running and one that records the outcome.
 */
@Component
class ActionRunner implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

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
    private final JsonMapper json;
    /**
     * Runs started at the same moment share a transaction: internal tools run in it to their
     * outcome, external ones are marked running in it. Under load this turns many commits into one.
     */
    private final GroupCommit<ClaimedJob, RunOutcomes.Started> starts;

    ActionRunner(
            Actions actions,
            Catalog catalog,
            ToolExecutors executors,
            BusinessHoursSchedules schedules,
            Jobs jobs,
            AuditLog audit,
            ActionAttempts attempts,
            RunOutcomes outcomes,
            ActionTransitions transitions,
            RunGate gate,
            Policies policies,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json,
            MeterRegistry meters,
            SharedTransactions shared) {
        this.actions = actions;
        this.catalog = catalog;
        this.executors = executors;
        this.schedules = schedules;
        this.jobs = jobs;
        this.audit = audit;
        this.attempts = attempts;
        this.outcomes = outcomes;
        this.transitions = transitions;
        this.gate = gate;
        this.policies = policies;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.starts =
                new GroupCommit<>(shared.lanes(), shared.maxItems(), GroupCommit.sizes(meters, "runs"), this::startAll);
    }

    @Override
    public String kind() {
        return ActionService.RUN_JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        RunOutcomes.Started external;
        try {
            var outcome = starts.submit(job);
            external = outcome.alone() ? startAll(List.of(job)).getFirst() : outcome.result();
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("Tool failed unexpectedly for action {}", job.subjectId(), e);
            var failure = new ToolResult.Failure(
                    "internal_error",
                    "The tool failed unexpectedly; nothing was written. It will be tried again.",
                    true,
                    false);
            tx.executeWithoutResult(status -> {
                RunOutcomes.Started started = start(job, actions.lockAll(List.of(job.subjectId())));
                if (started != null) {
                    outcomes.finish(job, started, failure, null);
                }
            });
            return;
        }
        if (external != null) {
            ToolResult result = executeOutside(external.action());
            tx.executeWithoutResult(status -> outcomes.finish(job, external, result, null));
        }
    }

    /**
     * Starts a batch of jobs in one transaction (see {@link #startOrRun}): their actions are locked
     * by one statement, their audit chain heads looked up by one more, and the completed runs are
     * written together at the end. A job that starts alone is a batch of one.
     */
    private List<RunOutcomes.@Nullable Started> startAll(List<ClaimedJob> batch) {
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

    /** An external tool's run; an unexpected failure may have happened after data left, so it is uncertain. */
    private ToolResult executeOutside(ActionRecord action) {
        try {
            return execute(action);
        } catch (RuntimeException e) {
            log.warn("Tool {} failed unexpectedly for action {}", action.tool(), action.id(), e);
            return new ToolResult.Failure(
                    "internal_error",
                    "The tool failed unexpectedly; it may or may not have reached the other side.",
                    true,
                    true);
        }
    }

    /**
     * Marks the action running, or ends/reschedules the job when the action may not run now.
     * {@code locked}: the actions of the job's batch, locked by the caller.
     */
    private RunOutcomes.@Nullable Started start(ClaimedJob job, Map<String, ActionRecord> locked) {
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

    private ToolResult execute(ActionRecord action) {
        ToolExecutor executor = executors.forTool(action.tool()).orElse(null);
        if (executor == null) {
            return ToolResult.Failure.permanent("not_available", "This tool cannot run yet in this installation.");
        }
        return executor.execute(new ToolRun(
                action.workspaceId(), action.id(), action.tool(), action.arguments(), action.conversationId()));
    }
}
