package com.polaris.operator.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of the queue that differs between databases: claiming a batch and extending leases on
 * the database's own clock. One implementation per database, chosen at start-up.
 */
interface JobDialect {

    /** Claims up to {@code limit} due jobs (or jobs whose lease expired) for {@code owner}; one token per job. */
    List<ClaimedJob> claim(JdbcClient jdbc, String owner, int limit, Instant now, Duration lease);

    /** Extends the leases this node still holds. */
    int heartbeat(JdbcClient jdbc, List<String> tokens, Duration lease);

    /** The lease expiry expression for an insert of an already claimed job. */
    String leaseUntil(Duration lease);
}
