package com.polaris.operator.secret;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workspace's write-only secret store. Values are sealed with the master keyset's AEAD, the
 * workspace and name bound as associated data, so a ciphertext copied to another row or workspace
 * does not open. A value leaves this class only through {@link #reveal}, called by an executor at
 * send time; answers and audit events carry names and dates only.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Secrets {

    /** Names usable in {@code {{secret:<name>}}}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    static final int MAX_VALUE_LENGTH = 8192;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Secrets.class);

    private final JdbcClient jdbc;
    private final MasterKeyset keyset;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    /** Creates or replaces a secret (owners and admins); audited as {@code secret.updated} with its name only. */
    public void put(Caller caller, String name, @Nullable String value) {
        caller.requireConfigurer();
        checkName(name);
        if (value == null || value.isEmpty()) {
            throw ApiProblem.invalid("value", "is required");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw ApiProblem.invalid("value", "must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        MasterKeyset.Sealed sealed = keyset.seal(value, associatedData(caller.workspaceId(), name));
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> {
                    Instant now = now();
                    boolean existed = jdbc.sql("""
                                    update secrets set ciphertext = ?, key_id = ?, updated_at = ?
                                    where workspace_id = ? and name = ?""")
                                    .params(
                                            sealed.ciphertext(),
                                            sealed.keyId(),
                                            Timestamp.from(now),
                                            caller.workspaceId(),
                                            name)
                                    .update()
                            == 1;
                    if (!existed) {
                        jdbc.sql("""
                                        insert into secrets (workspace_id, name, ciphertext, key_id, created_at, updated_at)
                                        values (?, ?, ?, ?, ?, ?)""")
                                .params(
                                        caller.workspaceId(),
                                        name,
                                        sealed.ciphertext(),
                                        sealed.keyId(),
                                        Timestamp.from(now),
                                        Timestamp.from(now))
                                .update();
                    }
                    audit.append(
                            caller.workspaceId(),
                            AuditEventType.SECRET_UPDATED,
                            caller.actor(),
                            subject(name),
                            null,
                            Map.of("name", name, "created", !existed));
                });
                return;
            } catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Deletes a secret (owners and admins); audited as {@code secret.deleted}. Unknown → 404. */
    public void delete(Caller caller, String name) {
        caller.requireConfigurer();
        tx.executeWithoutResult(status -> {
            int deleted = jdbc.sql("delete from secrets where workspace_id = ? and name = ?")
                    .params(caller.workspaceId(), name)
                    .update();
            if (deleted == 0) {
                throw ApiProblem.notFound("The secret '" + name + "'");
            }
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.SECRET_DELETED,
                    caller.actor(),
                    subject(name),
                    null,
                    Map.of("name", name));
        });
    }

    /** Names and dates of the workspace's secrets, by name. */
    public List<SecretInfo> list(String workspaceId) {
        return jdbc.sql("""
                        select name, created_at, updated_at, last_used_at from secrets
                        where workspace_id = ? order by name""")
                .param(workspaceId)
                .query((rs, n) -> new SecretInfo(
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .list();
    }

    public boolean exists(String workspaceId, String name) {
        return jdbc.sql("select count(*) from secrets where workspace_id = ? and name = ?")
                        .params(workspaceId, name)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * The value of a secret, for an executor about to send a request, and notes when it was last
     * used. Never store, log or answer what this returns.
     *
     * @throws UnknownSecret when the workspace has no such secret
     */
    public String reveal(String workspaceId, String name) {
        String ciphertext = jdbc.sql("select ciphertext from secrets where workspace_id = ? and name = ?")
                .params(workspaceId, name)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new UnknownSecret(name));
        jdbc.sql("update secrets set last_used_at = ? where workspace_id = ? and name = ?")
                .params(Timestamp.from(now()), workspaceId, name)
                .update();
        return keyset.open(ciphertext, associatedData(workspaceId, name));
    }

    /**
     * Re-encrypts, under the master keyset's primary key, every secret sealed by an older key. Run
     * after a key rotation; the values never leave this method and nobody re-enters them.
     *
     * @return how many secrets were re-encrypted
     */
    public int reencryptAll() {
        long primary = keyset.primaryKeyId();
        var stale = jdbc.sql("select workspace_id, name, ciphertext from secrets where key_id <> ?")
                .param(primary)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list();
        int done = 0;
        for (String[] row : stale) {
            String ad = associatedData(row[0], row[1]);
            MasterKeyset.Sealed sealed;
            try {
                sealed = keyset.seal(keyset.open(row[2], ad), ad);
            } catch (IllegalStateException unreadable) {
                log.error("The secret '{}' of workspace {} cannot be decrypted and was left as it is", row[1], row[0]);
                continue;
            }
            done++;
            jdbc.sql(
                            "update secrets set ciphertext = ?, key_id = ? where workspace_id = ? and name = ? and ciphertext = ?")
                    .params(sealed.ciphertext(), sealed.keyId(), row[0], row[1], row[2])
                    .update();
        }
        return done;
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiProblem.invalid(
                    "name", "must start with a letter and hold only letters, digits, '_', '.' or '-' (at most 64)");
        }
    }

    static String associatedData(String workspaceId, String name) {
        return "polaris-secret\u0000" + workspaceId + "\u0000" + name;
    }

    private static String subject(String name) {
        return "secret:" + name;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
