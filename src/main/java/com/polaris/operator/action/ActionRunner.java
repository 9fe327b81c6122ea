package com.polaris.operator.action;

import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.LeaseLostException;
import com.polaris.operator.tool.ToolResult;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an action's job: {@link RunStarts} checks it may still run (not cancelled, cleared by
 * {@link RunGate}, inside business hours) and marks it running, the tool runs, and {@link RunOutcomes}
 * records the outcome — success, a retry with backoff, failed or needs_review. An internal tool runs
 * in one transaction from start to outcome: its record, the action's new status and the end of the
 * job commit together, so a crash leaves either nothing or everything. An external tool runs outside
 * any transaction, between one that marks the action running and one that records the outcome.
 */
@Component
@RequiredArgsConstructor
class ActionRunner implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

    private final Actions actions;
    private final RunOutcomes outcomes;
    private final TransactionTemplate tx;
    private final RunStarts runs;
    /**
     * Runs started at the same moment share a transaction: internal tools run in it to their
     * outcome, external ones are marked running in it. Under load this turns many commits into one.
     */
    private final GroupCommit<ClaimedJob, RunOutcomes.Started> starts;

    @Override
    public String kind() {
        return ActionService.RUN_JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        RunOutcomes.Started external;
        try {
            var outcome = starts.submit(job);
            external = outcome.alone() ? runs.startAll(List.of(job)).getFirst() : outcome.result();
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
                RunOutcomes.Started started = runs.start(job, actions.lockAll(List.of(job.subjectId())));
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

    /** An external tool's run; an unexpected failure may have happened after data left, so it is uncertain. */
    private ToolResult executeOutside(ActionRecord action) {
        try {
            return runs.execute(action);
        } catch (RuntimeException e) {
            log.warn("Tool {} failed unexpectedly for action {}", action.tool(), action.id(), e);
            return new ToolResult.Failure(
                    "internal_error",
                    "The tool failed unexpectedly; it may or may not have reached the other side.",
                    true,
                    true);
        }
    }
}
