package com.polaris.operator.batch;

import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.BatchActions;
import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fan-out of a running batch, one chunk of items per job, each chunk in one transaction that
 * holds the batch's row lock: the chunk's actions, the batch's new {@code fanned_out} count and the
 * job for the next chunk commit together. A node that dies mid-chunk leaves nothing of it; its job's
 * lease runs out and another node runs the chunk again. Items whose actions exist already are
 * skipped, so a chunk that runs twice creates each action once. Only one chunk of a batch is held in
 * memory at a time. After the last chunk, {@link Settle} waits for every item's action to end.
 */
@Component
class BatchFanOut implements JobHandler {

    static final String FAN_OUT_JOB = "batch.fan_out";
    static final String SETTLE_JOB = "batch.settle";
    private static final Duration MAX_SETTLE_WAIT = Duration.ofSeconds(10);

    private final Batches batches;
    private final BatchActions actions;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int chunk;

    BatchFanOut(
            Batches batches,
            BatchActions actions,
            Jobs jobs,
            TransactionTemplate tx,
            Clock clock,
            @Value("${polaris.batches.chunk:500}") int chunk) {
        this.batches = batches;
        this.actions = actions;
        this.jobs = jobs;
        this.tx = tx;
        this.clock = clock;
        this.chunk = Math.max(1, chunk);
    }

    @Override
    public String kind() {
        return FAN_OUT_JOB;
    }

    @Override
    public void handle(ClaimedJob job) {
        tx.executeWithoutResult(status -> {
            var row = batches.lock(job.workspaceId(), job.subjectId()).orElse(null);
            if (row == null || row.status() != BatchStatus.RUNNING || row.fannedOut() >= row.count()) {
                jobs.complete(job);
                return;
            }
            Instant now = clock.instant();
            var items = batches.items(row.id(), row.fannedOut(), chunk);
            actions.fanOut(row.forFanOut(), items, now);
            int fannedOut = items.isEmpty() ? row.count() : items.getLast().index() + 1;
            batches.fannedOut(row.id(), fannedOut, now);
            jobs.complete(job);
            if (fannedOut < row.count()) {
                // Ahead of the runs this chunk queued, so every item has its action soon.
                jobs.enqueue(job.workspaceId(), FAN_OUT_JOB, row.id(), now.minusMillis(1));
            } else {
                jobs.enqueue(job.workspaceId(), SETTLE_JOB, row.id(), now.plusMillis(250));
            }
        });
    }

    /**
     * Ends a fanned-out batch once every item's action has ended: completed when all completed,
     * completed_with_errors otherwise. Until then it looks again, less often the longer it waits
     * (at most every ten seconds).
     */
    @Component
    @RequiredArgsConstructor
    static class Settle implements JobHandler {

        private final Batches batches;
        private final BatchActions actions;
        private final BatchService service;
        private final Jobs jobs;
        private final TransactionTemplate tx;
        private final Clock clock;

        @Override
        public String kind() {
            return SETTLE_JOB;
        }

        @Override
        public void handle(ClaimedJob job) {
            var row = batches.find(job.workspaceId(), job.subjectId()).orElse(null);
            if (row == null || row.status() != BatchStatus.RUNNING) {
                tx.executeWithoutResult(status -> jobs.complete(job));
                return;
            }
            Map<String, Long> counts = actions.counts(job.workspaceId(), row.id());
            long ended = counts.entrySet().stream()
                    .filter(e -> ActionStatus.parse(e.getKey())
                            .map(ActionStatus::isFinal)
                            .orElse(false))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            if (row.fannedOut() < row.count() || ended < row.count()) {
                Duration wait = Duration.ofMillis(Math.min(MAX_SETTLE_WAIT.toMillis(), 250L * job.attempts()));
                tx.executeWithoutResult(
                        status -> jobs.reschedule(job, clock.instant().plus(wait), ""));
                return;
            }
            tx.executeWithoutResult(status -> {
                var locked = batches.lock(job.workspaceId(), row.id()).orElseThrow();
                if (locked.status() == BatchStatus.RUNNING) {
                    service.complete(locked, actions.counts(job.workspaceId(), row.id()));
                }
                jobs.complete(job);
            });
        }
    }
}
