package com.polaris.operator.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** PostgreSQL: one statement claims the batch, skipping rows other nodes have locked. */
final class PostgresJobDialect implements JobDialect {

    @Override
    public List<ClaimedJob> claim(JdbcClient jdbc, String owner, int limit, Instant now, Duration lease) {
        String tokenBase = UUID.randomUUID().toString();
        return jdbc.sql("""
                        update jobs set state = 'running', lease_owner = ?, lease_token = ? || '-' || id,
                            lease_until = clock_timestamp() + make_interval(secs => ?), attempts = attempts + 1
                        where id in (
                            select id from jobs
                            where (state = 'ready' and run_at <= ?)
                               or (state = 'running' and lease_until < clock_timestamp())
                            order by run_at
                            limit ?
                            for update skip locked)
                        returning id, workspace_id, kind, subject_id, attempts, lease_token""")
                .params(owner, tokenBase, lease.toMillis() / 1000.0, Timestamp.from(now), limit)
                .query((rs, n) -> new ClaimedJob(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6)))
                .list();
    }

    @Override
    public int heartbeat(JdbcClient jdbc, List<String> tokens, Duration lease) {
        return jdbc.sql("update jobs set lease_until = clock_timestamp() + make_interval(secs => :secs) where lease_token in (:tokens)")
                .param("secs", lease.toMillis() / 1000.0)
                .param("tokens", tokens)
                .update();
    }

    @Override
    public String leaseUntil(Duration lease) {
        return "clock_timestamp() + make_interval(secs => " + (lease.toMillis() / 1000.0) + ")";
    }
}
