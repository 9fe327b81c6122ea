package com.polaris.operator.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of the queue that differs between databases: claiming a batch, extending leases and
 * rescuing expired ones on the database's own clock. One implementation per database, chosen at
 * start-up from the {@link com.polaris.operator.database.Database} (as db-scheduler keeps one
 * customization per database).
 */
interface JobDialect {

    /** Claims up to {@code limit} ready jobs due at {@code now} for {@code owner}, each under a fresh lease token. */
    List<ClaimedJob> claim(JdbcClient jdbc, String owner, int limit, Instant now, Duration lease);

    /** Extends the leases this node still holds, to {@link #leaseUntil} on the database's clock. */
    default int heartbeat(JdbcClient jdbc, List<ClaimedJob> jobs, Duration lease) {
        return jdbc.sql("update jobs set lease_until = " + leaseUntil(lease)
                        + " where id in (:ids) and lease_token in (:tokens)")
                .param("ids", jobs.stream().map(ClaimedJob::id).toList())
                .param("tokens", jobs.stream().map(ClaimedJob::leaseToken).toList())
                .update();
    }

    /** Makes jobs whose lease ran out (their node died or hung) ready again. */
    int rescueExpired(JdbcClient jdbc);

    /**
     * The lease expiry expression for an insert of an already claimed job or a heartbeat; the
     * duration is written into the SQL as a number.
     */
    String leaseUntil(Duration lease);
}
