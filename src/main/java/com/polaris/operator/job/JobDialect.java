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

    /** Extends the leases this node still holds. */
    int heartbeat(JdbcClient jdbc, List<ClaimedJob> jobs, Duration lease);

    /** Makes jobs whose lease ran out (their node died or hung) ready again. */
    int rescueExpired(JdbcClient jdbc);

    /** The lease expiry expression for an insert of an already claimed job. */
    String leaseUntil(Duration lease);
}
