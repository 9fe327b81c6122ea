package com.polaris.operator.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
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
public class Jobs {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JobSignal signal;
    private final JobSlots slots;
    private final CrossNodeWakeups wakeups;
    private final CompletionBatcher batcher;
    private final JobDialect dialect;
    private final Duration lease;
    private final String nodeId;

    Jobs(JdbcClient jdbc, Clock clock, JobSignal signal, JobSlots slots, CrossNodeWakeups wakeups, CompletionBatcher batcher,
            JobDialect dialect, @Value("${polaris.jobs.lease}") Duration lease,
            @Value("${polaris.jobs.node-id:}") String nodeId) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.signal = signal;
        this.slots = slots;
        this.wakeups = wakeups;
        this.batcher = batcher;
        this.dialect = dialect;
        this.lease = lease;
        this.nodeId = nodeId.isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
    }

    JobDialect dialect() {
        return dialect;
    }

    /** This process's name in leases and attempt records. */
    public String nodeId() {
        return nodeId;
    }

    Duration lease() {
        return lease;
    }

    /**
     * Adds a job that becomes due at {@code runAt}. A job due now, enqueued while this node's
     * worker has a free slot, is written leased to this node and handed to its worker when the
     * transaction commits (should the node die first, the lease expires and another node takes it);
     * otherwise idle workers, here and on other nodes, are woken when the transaction commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String workspaceId, String kind, String subjectId, Instant runAt) {
        Instant now = clock.instant();
        boolean due = !runAt.isAfter(now);
        if (due && TransactionSynchronizationManager.isSynchronizationActive() && slots.tryTake()) {
            ClaimedJob job;
            try {
                job = insertClaimed(workspaceId, kind, subjectId, now);
            } catch (RuntimeException e) {
                // The slot is not yet tied to the transaction's end: nothing else would give it back.
                slots.give(1);
                throw e;
            }
            handOffAfterCommit(job);
            return;
        }
        jdbc.sql("""
                        insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, created_at)
                        values (?, ?, ?, 'ready', ?, 0, ?)""")
                .params(workspaceId, kind, subjectId, Timestamp.from(runAt), Timestamp.from(now))
                .update();
        if (due) {
            wakeAfterCommit();
        }
    }

    /**
     * Adds a job already claimed by the caller, who runs it right after commit (immediate
     * execution inside a request). Should this node die first, the lease expires and another
     * worker runs it: an accepted action is never lost.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ClaimedJob enqueueClaimed(String workspaceId, String kind, String subjectId) {
        return insertClaimed(workspaceId, kind, subjectId, clock.instant());
    }

    private ClaimedJob insertClaimed(String workspaceId, String kind, String subjectId, Instant now) {
        String token = UUID.randomUUID().toString();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, lease_owner, lease_token, "
                        + "lease_until, created_at) values (?, ?, ?, 'running', ?, 1, ?, ?, " + dialect.leaseUntil(lease) + ", ?)")
                .params(workspaceId, kind, subjectId, Timestamp.from(now), nodeId, token, Timestamp.from(now))
                .update(keys, "id");
        return new ClaimedJob(keys.getKey().longValue(), workspaceId, kind, subjectId, 1, token);
    }

    /** Runs the job on the slot taken for it once the transaction commits; gives the slot back otherwise. */
    private void handOffAfterCommit(ClaimedJob job) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    slots.handOff(job);
                } else {
                    slots.give(1);
                }
            }
        });
    }

    /** Ends a job whose work is done, in the transaction that records the outcome. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(ClaimedJob job) {
        if (jdbc.sql("delete from jobs where id = ? and lease_token = ?").params(job.id(), job.leaseToken()).update() != 1) {
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
                        where id = ? and lease_token = ?""")
                .params(lastError, job.id(), job.leaseToken())
                .update();
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
