package com.polaris.operator.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit events. Each event is linked to the previous event of the same subject (an
 * action, a tool's policy, a member…) by its hash; writers of one subject are already serialised
 * by that subject's own row lock, so no row of the workspace is hot. {@link AuditSealer} later
 * chains the events of a workspace together, so a deleted event is detected too.
 *
 * <p>Must be called inside the transaction that makes the change it records.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String workspaceId, String type, Actor actor, String subject, @Nullable String actionId,
            Map<String, ?> data) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var previous = jdbc.sql("""
                        select subject_seq, hash from audit_events
                        where workspace_id = ? and subject = ? order by subject_seq desc limit 1""")
                .params(workspaceId, subject)
                .query((rs, n) -> new Link(rs.getInt(1), rs.getString(2)))
                .optional();
        int subjectSeq = previous.map(p -> p.subjectSeq() + 1).orElse(1);
        String prevHash = previous.map(Link::hash).orElse(null);
        String dataJson = json.writeValueAsString(data);
        String hash = hash(workspaceId, at, type, actor, subject, subjectSeq, actionId, dataJson, prevHash);
        jdbc.sql("""
                        insert into audit_events (workspace_id, at, type, actor_type, actor_id, actor_name, subject,
                            subject_seq, action_id, data, prev_hash, hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, java.sql.Timestamp.from(at), type, actor.type(), actor.id(), actor.name(), subject,
                        subjectSeq, actionId, dataJson, prevHash, hash)
                .update();
    }

    /** The hash of one event over every stored field, so editing any of them breaks the chain. */
    static String hash(String workspaceId, Instant at, String type, Actor actor, String subject, int subjectSeq,
            @Nullable String actionId, String data, @Nullable String prevHash) {
        String canonical = String.join("\u001f", workspaceId, at.toString(), type, actor.type(),
                String.valueOf(actor.id()), String.valueOf(actor.name()), subject, Integer.toString(subjectSeq),
                String.valueOf(actionId), data, String.valueOf(prevHash));
        return sha256(canonical);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Link(int subjectSeq, String hash) {}
}
