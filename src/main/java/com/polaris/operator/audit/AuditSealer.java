package com.polaris.operator.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals each workspace's new audit events every few seconds: one seal hashes the workspace's
 * events of a range of seq numbers, the range after the previous seal's, and chains to that seal,
 * so removing an event, or a whole subject's chain, after it was sealed is detected by
 * {@link AuditVerifier}. Events of one workspace are never chained to each other at append time,
 * so appending never waits on a workspace-wide row, and a seal never changes the events it seals:
 * the audit log is only ever inserted into.
 *
 * <p>A range ends at the {@link AuditFence fence's} watermark, below which no event can still
 * commit, so an event that commits late is never left behind in a range already sealed. Several
 * nodes may seal at once: each seal locks its workspace's seal head first, so the seals of a
 * workspace are made one after the other and every event is sealed exactly once.
 *
 * <p>Seals made before ranges marked their events instead ({@code audit_events.seal_id}); such
 * events stay out of every range.
 */
@Component
@RequiredArgsConstructor
public class AuditSealer {

    /** Bounds one seal's transaction when sealing has fallen behind; the rest go into the next seals. */
    static final int MAX_EVENTS_PER_SEAL = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

    private final JdbcClient jdbc;
    private final AuditFence fence;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** Seals every workspace that has unsealed events. A failure in one workspace does not stop the others. */
    @Scheduled(fixedDelayString = "${polaris.audit.seal-interval:2s}")
    public void sealAll() {
        long watermark;
        try {
            watermark = watermark();
        } catch (PessimisticLockingFailureException e) {
            log.info("Audit sealing skipped this round: {}", e.getMessage());
            return;
        }
        List<String> workspaces =
                jdbc.sql("""
                        select w.id from workspaces w left join audit_seal_heads h on h.workspace_id = w.id
                        where exists (select 1 from audit_events e where e.workspace_id = w.id
                            and e.seq > coalesce(h.last_seq, 0) and e.seq <= ? and e.seal_id is null)""").param(watermark).query(String.class).list();
        for (String workspaceId : workspaces) {
            try {
                seal(workspaceId, watermark);
            } catch (RuntimeException e) {
                log.warn("Could not seal the audit events of workspace {}", workspaceId, e);
            }
        }
    }

    /** Seals every event of the workspace committed so far; answers how many events it sealed. */
    public int seal(String workspaceId) {
        return seal(workspaceId, watermark());
    }

    private long watermark() {
        return Objects.requireNonNull(tx.execute(status -> fence.watermark()));
    }

    private int seal(String workspaceId, long watermark) {
        int total = 0;
        while (true) {
            int sealed = Objects.requireNonNull(tx.execute(status -> sealOnce(workspaceId, watermark)));
            total += sealed;
            if (sealed < MAX_EVENTS_PER_SEAL) {
                return total;
            }
        }
    }

    private int sealOnce(String workspaceId, long watermark) {
        Head head = lockHead(workspaceId);
        if (head.lastSeq() >= watermark) {
            return 0;
        }
        var digest = new SealDigest(workspaceId, head.sealNo() + 1, head.hash());
        long[] last = {head.lastSeq()};
        jdbc.sql("""
                        select seq, hash from audit_events
                        where workspace_id = ? and seq > ? and seq <= ? and seal_id is null
                        order by seq limit ?""")
                .params(workspaceId, head.lastSeq(), watermark, MAX_EVENTS_PER_SEAL)
                .query(rs -> {
                    digest.add(rs.getLong(1), rs.getString(2));
                    last[0] = rs.getLong(1);
                });
        if (digest.count() == 0) {
            return 0;
        }
        // A full seal ends at its last event, so the rest of the range goes into the next seal.
        long lastSeq = digest.count() == MAX_EVENTS_PER_SEAL ? last[0] : watermark;
        long sealNo = head.sealNo() + 1;
        String hash = digest.finish();
        jdbc.sql("""
                        insert into audit_seals (workspace_id, seal_no, sealed_at, event_count, prev_hash, hash,
                            after_seq, last_seq)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        workspaceId,
                        sealNo,
                        Timestamp.from(clock.instant()),
                        digest.count(),
                        head.hash(),
                        hash,
                        head.lastSeq(),
                        lastSeq)
                .update();
        jdbc.sql("update audit_seal_heads set seal_no = ?, hash = ?, last_seq = ? where workspace_id = ?")
                .params(sealNo, hash, lastSeq, workspaceId)
                .update();
        return Math.toIntExact(digest.count());
    }

    /** Locks the workspace's seal head, creating it (from the latest seal, if any) the first time. */
    private Head lockHead(String workspaceId) {
        var head = selectHeadForUpdate(workspaceId);
        if (head != null) {
            return head;
        }
        Head latest = jdbc.sql("""
                        select seal_no, hash, coalesce(last_seq, 0) from audit_seals
                        where workspace_id = ? order by seal_no desc limit 1""")
                .param(workspaceId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .optional()
                .orElse(new Head(0, null, 0));
        jdbc.sql("""
                        insert into audit_seal_heads (workspace_id, seal_no, hash, last_seq) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(workspaceId, latest.sealNo(), latest.hash(), latest.lastSeq())
                .update();
        return Objects.requireNonNull(selectHeadForUpdate(workspaceId));
    }

    private @Nullable Head selectHeadForUpdate(String workspaceId) {
        return jdbc.sql("select seal_no, hash, last_seq from audit_seal_heads where workspace_id = ? for update")
                .param(workspaceId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .optional()
                .orElse(null);
    }

    /** The newest seal of a workspace, and the last seq its range covers. */
    private record Head(long sealNo, @Nullable String hash, long lastSeq) {}
}
