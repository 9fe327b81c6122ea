package com.polaris.operator.audit;

import com.polaris.operator.database.Database;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the sealer's watermark: the highest seq at or below which every audit event that will
 * ever exist is already committed. Sequence numbers are handed out before commit, so a slow
 * transaction can commit event 100 after event 101; the fence waits for the transactions that are
 * writing events at that moment, and everything later gets a higher seq.
 *
 * <p>On PostgreSQL the fence is a {@code SHARE} lock on {@code audit_events} for the length of
 * one {@code max(seq)} query: it waits for every transaction of every node that has inserted
 * events and not yet ended. Events are inserted as their transaction starts to commit, so that
 * wait is a commit's length. The embedded H2 database has no such lock and serves one process,
 * so there the fence is a lock in this process that appending transactions hold while they write
 * and commit.
 */
@Component
class AuditFence {

    /** How long the watermark waits for transactions writing events. */
    static final Duration PATIENCE = Duration.ofMillis(200);

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcClient jdbc;
    private final boolean databaseLock;
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();

    AuditFence(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.databaseLock = database.sharedByNodes();
    }

    /** Called by a transaction before it inserts its events; {@link #written} once it has ended. */
    void writing() {
        if (!databaseLock) {
            writers.readLock().lock();
        }
    }

    void written() {
        if (!databaseLock) {
            writers.readLock().unlock();
        }
    }

    /**
     * The watermark, taken in the caller's transaction, which should end right after: on
     * PostgreSQL appends wait for it meanwhile. Should a transaction hold its events for longer
     * than {@link #PATIENCE}, this gives up rather than keep every other append waiting behind it.
     *
     * @throws CannotAcquireLockException when it gave up; the next seal tries again
     */
    long watermark() {
        if (databaseLock) {
            jdbc.sql("set local lock_timeout = " + PATIENCE.toMillis()).update();
            try {
                jdbc.sql("lock table audit_events in share mode").update();
            } catch (UncategorizedSQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLException().getSQLState())) {
                    throw new CannotAcquireLockException(tooLong(), e);
                }
                throw e;
            }
            return maxSeq();
        }
        boolean locked;
        try {
            locked = writers.writeLock().tryLock(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new CannotAcquireLockException(tooLong());
        }
        try {
            return maxSeq();
        } finally {
            writers.writeLock().unlock();
        }
    }

    private static String tooLong() {
        return "audit events have been written and not committed for longer than " + PATIENCE.toMillis() + " ms";
    }

    private long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_events")
                .query(Long.class)
                .single();
    }
}
