package com.polaris.operator.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL: one statement claims the batch over the partial index of ready jobs, skipping rows
 * other nodes have locked; leases run on the server's clock, so nodes' clocks need not agree.
 * The batch's ids are collected first ({@code = any(array(…))}, evaluated once) and then updated
 * by primary key, and the limit is written into the statement: with {@code in (…)} and a limit the
 * planner cannot see, statistics taken while many jobs wait can turn every claim into a scan of
 * the whole table.
 */
final class PostgresJobDialect implements JobDialect {

    @Override
    public List<ClaimedJob> claim(JdbcClient jdbc, String owner, int limit, Instant now, Duration lease) {
        String tokenBase = UUID.randomUUID().toString();
        return jdbc.sql("""
                        update jobs set state = 'running', lease_owner = ?, lease_token = ? || '-' || id,
                            lease_until = clock_timestamp() + make_interval(secs => ?), attempts = attempts + 1
                        where id = any(array(
                            select id from jobs
                            where state = 'ready' and run_at <= ?
                            order by run_at
                            limit %d
                            for update skip locked))
                        returning id, workspace_id, kind, subject_id, attempts, lease_token""".formatted(limit))
                .params(owner, tokenBase, seconds(lease), Timestamp.from(now))
                .query((rs, n) -> new ClaimedJob(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6)))
                .list();
    }

    @Override
    public int rescueExpired(JdbcClient jdbc) {
        return jdbc.sql("""
                        update jobs set state = 'ready', lease_owner = null, lease_token = null, lease_until = null,
                            run_at = clock_timestamp()
                        where id in (
                            select id from jobs where state = 'running' and lease_until < clock_timestamp()
                            for update skip locked)""").update();
    }

    @Override
    public String leaseUntil(Duration lease) {
        return "clock_timestamp() + make_interval(secs => " + seconds(lease) + ")";
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
