package com.polaris.operator.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The durable queue. Jobs are enqueued inside the caller's business transaction, so a job exists
 * exactly when the change that needs it committed; nothing is written twice to two systems.
 * Ending a job is fenced by its lease token: a node whose lease was rescued by another changes nothing.
 */
@Component
@RequiredArgsConstructor
public class Jobs {

    private static final int INSERT_CHUNK = 100;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JobSignal signal;
    private final JobSlots slots;
    private final CrossNodeWakeups wakeups;
    private final CompletionBatcher batcher;
    private final JobDialect dialect;
    private final JobSettings settings;

    JobDialect dialect() {
        return dialect;
    }

    /** This process's name in leases and attempt records. */
    public String nodeId() {
        return settings.nodeId();
    }

    Duration lease() {
        return settings.lease();
    }

    /** A job to add: {@code kind} for {@code subjectId}, due at {@code runAt}. */
    public record NewJob(String workspaceId, String kind, String subjectId, Instant runAt) {}

    /** Adds a job that becomes due at {@code runAt}; see {@link #enqueueAll}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String workspaceId, String kind, String subjectId, Instant runAt) {
        enqueueAll(List.of(new NewJob(workspaceId, kind, subjectId, runAt)));
    }

    /**
     * Adds jobs in one statement (per 100). Jobs due now, enqueued while this node's worker has
     * free slots, are written leased to this node and handed to its worker when the transaction
     * commits (should the node die first, the lease expires and another node takes them); idle
     * workers, here and on other nodes, are woken once for the other due jobs when it commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueAll(List<NewJob> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        int due = (int) batch.stream().filter(job -> !job.runAt().isAfter(now)).count();
        int handOffs = due > 0 && TransactionSynchronizationManager.isSynchronizationActive() ? slots.takeUpTo(due) : 0;
        List<ClaimedJob> claimed;
        try {
            claimed = insert(batch, handOffs, now);
            if (claimed.size() != handOffs) {
                throw new IllegalStateException(
                        "Wrote " + handOffs + " jobs leased to this node, found " + claimed.size());
            }
        } catch (RuntimeException e) {
            // The slots are not yet tied to the transaction's end: nothing else would give them back.
            slots.give(handOffs);
            throw e;
        }
        if (!claimed.isEmpty()) {
            handOffAfterCommit(claimed);
        }
        if (due > handOffs) {
            wakeAfterCommit();
        }
    }

    /**
     * Inserts the jobs, the first {@code handOffs} of those due already leased to this node; answers
     * those. Every row has the same shape, so a statement's text depends only on its number of rows.
     */
    private List<ClaimedJob> insert(List<NewJob> batch, int handOffs, Instant now) {
        var claimed = new ArrayList<ClaimedJob>(handOffs);
        var tokens = new HashMap<String, NewJob>();
        String row = "(?, ?, ?, ?, ?, ?, ?, ?, case when ? then " + dialect.leaseUntil(lease()) + " end, ?)";
        int toClaim = handOffs;
        for (int from = 0; from < batch.size(); from += INSERT_CHUNK) {
            List<NewJob> chunk = batch.subList(from, Math.min(batch.size(), from + INSERT_CHUNK));
            var params = new ArrayList<>(chunk.size() * 10);
            for (NewJob job : chunk) {
                boolean handOff = toClaim > 0 && !job.runAt().isAfter(now);
                String token = null;
                if (handOff) {
                    toClaim--;
                    token = UUID.randomUUID().toString();
                    tokens.put(token, job);
                }
                params.addAll(Arrays.asList(
                        job.workspaceId(),
                        job.kind(),
                        job.subjectId(),
                        handOff ? "running" : "ready",
                        Timestamp.from(handOff ? now : job.runAt()),
                        handOff ? 1 : 0,
                        handOff ? nodeId() : null,
                        token,
                        handOff,
                        Timestamp.from(now)));
            }
            var keys = new GeneratedKeyHolder();
            jdbc.sql(
                            "insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, lease_owner, lease_token, "
                                    + "lease_until, created_at) values "
                                    + String.join(", ", Collections.nCopies(chunk.size(), row)))
                    .params(params)
                    .update(keys, "id", "lease_token");
            for (Map<String, Object> key : keys.getKeyList()) {
                NewJob job = tokens.get((String) key.get("lease_token"));
                if (job != null) {
                    claimed.add(new ClaimedJob(
                            ((Number) key.get("id")).longValue(),
                            job.workspaceId(),
                            job.kind(),
                            job.subjectId(),
                            1,
                            (String) key.get("lease_token")));
                }
            }
        }
        return claimed;
    }

    /**
     * Adds a job already claimed by the caller, who runs it right after commit (immediate
     * execution inside a request). Should this node die first, the lease expires and another
     * worker runs it: an accepted action is never lost.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ClaimedJob enqueueClaimed(String workspaceId, String kind, String subjectId) {
        Instant now = clock.instant();
        return insert(List.of(new NewJob(workspaceId, kind, subjectId, now)), 1, now)
                .getFirst();
    }

    /** Runs the jobs on the slots taken for them once the transaction commits; gives the slots back otherwise. */
    private void handOffAfterCommit(List<ClaimedJob> claimed) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    claimed.forEach(slots::handOff);
                } else {
                    slots.give(claimed.size());
                }
            }
        });
    }

    /** Ends a job whose work is done, in the transaction that records the outcome. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(ClaimedJob job) {
        if (jdbc.sql("delete from jobs where id = ? and lease_token = ?")
                        .params(job.id(), job.leaseToken())
                        .update()
                != 1) {
            throw new LeaseLostException(job);
        }
    }

    /** Ends jobs together, in the transaction that records their outcomes; fails if any lease was lost. */
    public void completeAll(List<ClaimedJob> done) {
        if (done.isEmpty()) {
            return;
        }
        int deleted = jdbc.sql("delete from jobs where id in (:ids) and lease_token in (:tokens)")
                .param("ids", done.stream().map(ClaimedJob::id).toList())
                .param("tokens", done.stream().map(ClaimedJob::leaseToken).toList())
                .update();
        if (deleted != done.size()) {
            throw new IllegalStateException((done.size() - deleted) + " of " + done.size() + " jobs lost their lease");
        }
    }

    /**
     * Ends a job whose handler had nothing to commit with it; completions are grouped into one
     * statement. Until that commits the job may run again after a crash (at least once).
     */
    public void completeSoon(ClaimedJob job) {
        batcher.complete(job);
    }

    /** Puts a job back in the queue, due at {@code runAt}, keeping its attempt count. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reschedule(ClaimedJob job, Instant runAt, String lastError) {
        int updated = jdbc.sql("""
                        update jobs set state = 'ready', run_at = ?, lease_owner = null, lease_token = null,
                            lease_until = null, last_error = ?
                        where id = ? and lease_token = ?""")
                .params(Timestamp.from(runAt), lastError, job.id(), job.leaseToken())
                .update();
        if (updated != 1) {
            throw new LeaseLostException(job);
        }
        if (!runAt.isAfter(clock.instant())) {
            wakeAfterCommit();
        }
    }

    /** Sets a job aside that keeps failing: kept with its last error for an operator, never claimed again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void bury(ClaimedJob job, String lastError) {
        jdbc.sql("""
                        update jobs set state = 'dead', lease_owner = null, lease_token = null, lease_until = null,
                            last_error = ?
                        where id = ? and lease_token = ?""").params(lastError, job.id(), job.leaseToken()).update();
    }

    /** Removes every job of a subject (a cancelled action, a decided approval). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void cancel(String workspaceId, String kind, String subjectId) {
        jdbc.sql("delete from jobs where workspace_id = ? and kind = ? and subject_id = ?")
                .params(workspaceId, kind, subjectId)
                .update();
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                    wakeups.announce();
                }
            });
        } else {
            signal.wake();
            wakeups.announce();
        }
    }
}
