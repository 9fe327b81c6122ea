package com.polaris.operator.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * H2, the embedded single-node default: lock the due rows, then mark them, in the caller's
 * transaction (H2 has no {@code UPDATE … RETURNING}). Idle workers poll; there is no NOTIFY.
 */
final class H2JobDialect implements JobDialect {

    private record Row(long id, String workspaceId, String kind, String subjectId, int attempts) {}

    @Override
    public List<ClaimedJob> claim(JdbcClient jdbc, String owner, int limit, Instant now, Duration lease) {
        List<Row> rows = jdbc.sql("""
                        select id, workspace_id, kind, subject_id, attempts from jobs
                        where state = 'ready' and run_at <= ?
                        order by run_at
                        limit ?
                        for update skip locked""")
                .params(Timestamp.from(now), limit)
                .query((rs, n) ->
                        new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                .list();
        List<ClaimedJob> claimed = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String token = UUID.randomUUID().toString();
            jdbc.sql("""
                            update jobs set state = 'running', lease_owner = ?, lease_token = ?,
                                lease_until = dateadd('MILLISECOND', ?, current_timestamp), attempts = attempts + 1
                            where id = ?""").params(owner, token, lease.toMillis(), row.id()).update();
            claimed.add(new ClaimedJob(
                    row.id(), row.workspaceId(), row.kind(), row.subjectId(), row.attempts() + 1, token));
        }
        return claimed;
    }

    @Override
    public int rescueExpired(JdbcClient jdbc) {
        return jdbc.sql("""
                        update jobs set state = 'ready', lease_owner = null, lease_token = null, lease_until = null,
                            run_at = current_timestamp
                        where state = 'running' and lease_until < current_timestamp""").update();
    }

    @Override
    public String leaseUntil(Duration lease) {
        return "dateadd('MILLISECOND', " + lease.toMillis() + ", current_timestamp)";
    }
}
