package com.polaris.operator.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals each workspace's new audit events every few seconds: one seal hashes the events appended
 * since the previous seal and chains to that seal, so removing an event, or a whole subject's
 * chain, after it was sealed is detected by {@link AuditVerifier}. Events of one workspace are
 * never chained to each other at append time, so appending never waits on a workspace-wide row.
 *
 * <p>Several nodes may seal at once: each seal locks its workspace's seal head first, so the
 * seals of a workspace are made one after the other and every event is sealed exactly once.
 * Events can commit out of seq order (sequences are not transactional); an event that commits
 * late is simply taken by the next seal.
 */
@Component
public class AuditSealer {

    /** Bounds one seal's transaction when sealing has fallen behind; the rest go into the next seals. */
    static final int MAX_EVENTS_PER_SEAL = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    AuditSealer(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Seals every workspace that has unsealed events. A failure in one workspace does not stop the others. */
    @Scheduled(fixedDelayString = "${polaris.audit.seal-interval:2s}")
    public void sealAll() {
        List<String> workspaces = jdbc.sql("""
                        select w.id from workspaces w
                        where exists (select 1 from audit_events e where e.workspace_id = w.id and e.seal_id is null)""")
                .query(String.class)
                .list();
        for (String workspaceId : workspaces) {
            try {
                seal(workspaceId);
            } catch (RuntimeException e) {
                log.warn("Could not seal the audit events of workspace {}", workspaceId, e);
            }
        }
    }

    /** Seals every event of the workspace committed so far; answers how many events it sealed. */
    public int seal(String workspaceId) {
        int total = 0;
        while (true) {
            int sealed = Objects.requireNonNull(tx.execute(status -> sealOnce(workspaceId)));
            total += sealed;
            if (sealed < MAX_EVENTS_PER_SEAL) {
                return total;
            }
        }
    }

    private int sealOnce(String workspaceId) {
        Head head = lockHead(workspaceId);
        boolean anyUnsealed = jdbc.sql("select seq from audit_events where workspace_id = ? and seal_id is null limit 1")
                .param(workspaceId)
                .query(Long.class)
                .optional()
                .isPresent();
        if (!anyUnsealed) {
            return 0;
        }
        long sealNo = head.sealNo() + 1;
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into audit_seals (workspace_id, seal_no, sealed_at, event_count, prev_hash, hash)
                        values (?, ?, ?, 0, ?, '')""")
                .params(workspaceId, sealNo, Timestamp.from(clock.instant()), head.hash())
                .update(keys, "id");
        long sealId = Objects.requireNonNull(keys.getKey()).longValue();
        // One statement marks the events, so exactly the events it sees are sealed, even while new
        // ones commit; the hash is then taken over what was marked. When sealing has fallen behind,
        // a bound on seq keeps one seal to about MAX_EVENTS_PER_SEAL events.
        Long bound = jdbc.sql("""
                        select seq from audit_events where workspace_id = ? and seal_id is null
                        order by seq limit 1 offset ?""")
                .params(workspaceId, MAX_EVENTS_PER_SEAL - 1)
                .query(Long.class)
                .optional()
                .orElse(Long.MAX_VALUE);
        jdbc.sql("update audit_events set seal_id = ? where workspace_id = ? and seal_id is null and seq <= ?")
                .params(sealId, workspaceId, bound)
                .update();
        var digest = new SealDigest(workspaceId, sealNo, head.hash());
        jdbc.sql("select seq, hash from audit_events where workspace_id = ? and seal_id = ? order by seq")
                .params(workspaceId, sealId)
                .query(rs -> {
                    digest.add(rs.getLong(1), rs.getString(2));
                });
        String hash = digest.finish();
        jdbc.sql("update audit_seals set event_count = ?, hash = ? where id = ?")
                .params(digest.count(), hash, sealId)
                .update();
        jdbc.sql("update audit_seal_heads set seal_no = ?, hash = ? where workspace_id = ?")
                .params(sealNo, hash, workspaceId)
                .update();
        return Math.toIntExact(digest.count());
    }

    /** Locks the workspace's seal head, creating it (from the latest seal, if any) the first time. */
    private Head lockHead(String workspaceId) {
        var head = selectHeadForUpdate(workspaceId);
        if (head != null) {
            return head;
        }
        Head latest = jdbc.sql("select seal_no, hash from audit_seals where workspace_id = ? order by seal_no desc limit 1")
                .param(workspaceId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Head(0, null));
        jdbc.sql("insert into audit_seal_heads (workspace_id, seal_no, hash) values (?, ?, ?) on conflict do nothing")
                .params(workspaceId, latest.sealNo(), latest.hash())
                .update();
        return Objects.requireNonNull(selectHeadForUpdate(workspaceId));
    }

    private @Nullable Head selectHeadForUpdate(String workspaceId) {
        return jdbc.sql("select seal_no, hash from audit_seal_heads where workspace_id = ? for update")
                .param(workspaceId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(null);
    }

    private record Head(long sealNo, @Nullable String hash) {}
}
