package com.polaris.operator.job;

import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The durable queue. Jobs are enqueued inside the caller's business transaction, so a job exists
 * exactly when the change that needs it committed; nothing is written twice to two systems.
 */
@Component
public class Jobs {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JobSignal signal;
    private final JobDialect dialect;
    private final Duration lease;
    private final String nodeId;

    Jobs(JdbcClient jdbc, Clock clock, JobSignal signal, DataSource dataSource,
            @Value("${polaris.jobs.lease}") Duration lease) throws Exception {
        this.jdbc = jdbc;
        this.clock = clock;
        this.signal = signal;
        this.lease = lease;
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        this.dialect = product.toLowerCase().contains("postgres") ? new PostgresJobDialect() : new H2JobDialect();
        this.nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    }

    JobDialect dialect() {
        return dialect;
    }

    String nodeId() {
        return nodeId;
    }

    Duration lease() {
        return lease;
    }

    /** Adds a job that becomes due at {@code runAt}; this node's worker is woken when the transaction commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String workspaceId, String kind, String subjectId, Instant runAt) {
        jdbc.sql("""
                        insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, created_at)
                        values (?, ?, ?, 'ready', ?, 0, ?)""")
                .params(workspaceId, kind, subjectId, Timestamp.from(runAt), Timestamp.from(clock.instant()))
                .update();
        if (!runAt.isAfter(clock.instant())) {
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
        String token = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.sql("insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, lease_owner, lease_token, "
                        + "lease_until, created_at) values (?, ?, ?, 'running', ?, 1, ?, ?, " + dialect.leaseUntil(lease) + ", ?)")
                .params(workspaceId, kind, subjectId, Timestamp.from(now), nodeId, token, Timestamp.from(now))
                .update();
        return new ClaimedJob(workspaceId, kind, subjectId, 1, token);
    }

    /** Ends a job whose work is done, in the transaction that records the outcome. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(ClaimedJob job) {
        if (jdbc.sql("delete from jobs where lease_token = ?").param(job.leaseToken()).update() != 1) {
            throw new LeaseLostException(job);
        }
    }

    /** Puts a job back in the queue, due at {@code runAt}, keeping its attempt count. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reschedule(ClaimedJob job, Instant runAt, String lastError) {
        int updated = jdbc.sql("""
                        update jobs set state = 'ready', run_at = ?, lease_owner = null, lease_token = null,
                            lease_until = null, last_error = ?
                        where lease_token = ?""")
                .params(Timestamp.from(runAt), lastError, job.leaseToken())
                .update();
        if (updated != 1) {
            throw new LeaseLostException(job);
        }
        if (!runAt.isAfter(clock.instant())) {
            wakeAfterCommit();
        }
    }

    /** Starts a fresh run of a job's subject: the attempt count starts again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restart(ClaimedJob job, Instant runAt) {
        reschedule(job, runAt, "");
        jdbc.sql("update jobs set attempts = 0 where kind = ? and subject_id = ? and state = 'ready'")
                .params(job.kind(), job.subjectId())
                .update();
    }

    /** Removes every job of a subject (a cancelled action, a decided approval). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void cancel(String kind, String subjectId) {
        jdbc.sql("delete from jobs where kind = ? and subject_id = ?").params(kind, subjectId).update();
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
        } else {
            signal.wake();
        }
    }
}
