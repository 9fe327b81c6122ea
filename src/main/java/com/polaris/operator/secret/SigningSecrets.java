package com.polaris.operator.secret;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The Standard Webhooks signing secrets ({@code whsec_} + Base64 of 32 random bytes) of custom
 * webhook actions, sealed like workspace secrets. A rotation keeps the previous secret signing
 * for {@link #OVERLAP}, so receivers can switch to the new one without missing a delivery.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class SigningSecrets {

    public static final String PREFIX = "whsec_";
    public static final Duration OVERLAP = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final MasterKeyset keyset;
    private final Clock clock;

    /** Makes the first signing secret of a new webhook action (in the caller's transaction) and answers it. */
    public String create(String workspaceId, String tool) {
        String secret = newSecret();
        MasterKeyset.Sealed sealed = keyset.seal(secret, associatedData(workspaceId, tool));
        jdbc.sql("""
                        insert into signing_secrets (workspace_id, tool, ciphertext, key_id, updated_at)
                        values (?, ?, ?, ?, ?)""")
                .params(workspaceId, tool, sealed.ciphertext(), sealed.keyId(), Timestamp.from(now()))
                .update();
        return secret;
    }

    /** The secret that signs new deliveries, for the owner or admin who asks to see it. */
    public Optional<String> current(String workspaceId, String tool) {
        return jdbc.sql("select ciphertext from signing_secrets where workspace_id = ? and tool = ?")
                .params(workspaceId, tool)
                .query(String.class)
                .optional()
                .map(c -> keyset.open(c, associatedData(workspaceId, tool)));
    }

    /** Every secret that signs a delivery now: the current one, then the previous one during its overlap. */
    public List<String> active(String workspaceId, String tool) {
        Instant now = now();
        return jdbc.sql("""
                        select ciphertext, previous, previous_until from signing_secrets
                        where workspace_id = ? and tool = ?""")
                .params(workspaceId, tool)
                .query((rs, n) -> {
                    var secrets = new ArrayList<String>();
                    String ad = associatedData(workspaceId, tool);
                    secrets.add(keyset.open(rs.getString(1), ad));
                    Timestamp until = rs.getTimestamp(3);
                    if (rs.getString(2) != null
                            && until != null
                            && until.toInstant().isAfter(now)) {
                        secrets.add(keyset.open(rs.getString(2), ad));
                    }
                    return List.copyOf(secrets);
                })
                .optional()
                .orElse(List.of());
    }

    /** Replaces the current secret (in the caller's transaction); the old one still signs for 24 hours. */
    public Optional<String> rotate(String workspaceId, String tool) {
        var existing = jdbc.sql("""
                        select ciphertext, key_id from signing_secrets where workspace_id = ? and tool = ? for update""")
                .params(workspaceId, tool)
                .query((rs, n) -> new MasterKeyset.Sealed(rs.getString(1), rs.getLong(2)))
                .optional();
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        String secret = newSecret();
        MasterKeyset.Sealed sealed = keyset.seal(secret, associatedData(workspaceId, tool));
        Instant now = now();
        jdbc.sql("""
                        update signing_secrets set ciphertext = ?, key_id = ?, previous = ?, previous_key_id = ?,
                            previous_until = ?, updated_at = ?
                        where workspace_id = ? and tool = ?""")
                .params(
                        sealed.ciphertext(),
                        sealed.keyId(),
                        existing.get().ciphertext(),
                        existing.get().keyId(),
                        Timestamp.from(now.plus(OVERLAP)),
                        Timestamp.from(now),
                        workspaceId,
                        tool)
                .update();
        return Optional.of(secret);
    }

    /** Removes a signing secret (in the caller's transaction); answers whether there was one. */
    public boolean remove(String workspaceId, String tool) {
        return jdbc.sql("delete from signing_secrets where workspace_id = ? and tool = ?")
                        .params(workspaceId, tool)
                        .update()
                == 1;
    }

    /** Re-encrypts signing secrets sealed by an older master key; answers how many rows changed. */
    int reencryptAll() {
        long primary = keyset.primaryKeyId();
        var stale = jdbc.sql("""
                        select workspace_id, tool, ciphertext, previous from signing_secrets
                        where key_id <> ? or previous_key_id <> ?""")
                .params(primary, primary)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        int done = 0;
        for (Row row : stale) {
            String ad = associatedData(row.workspaceId(), row.tool());
            MasterKeyset.Sealed current;
            MasterKeyset.Sealed previous;
            try {
                current = keyset.seal(keyset.open(row.ciphertext(), ad), ad);
                previous = row.previous() == null ? null : keyset.seal(keyset.open(row.previous(), ad), ad);
            } catch (IllegalStateException unreadable) {
                continue;
            }
            done++;
            jdbc.sql("""
                            update signing_secrets set ciphertext = ?, key_id = ?, previous = ?, previous_key_id = ?
                            where workspace_id = ? and tool = ?""")
                    .params(
                            current.ciphertext(),
                            current.keyId(),
                            previous == null ? null : previous.ciphertext(),
                            previous == null ? null : previous.keyId(),
                            row.workspaceId(),
                            row.tool())
                    .update();
        }
        return done;
    }

    private record Row(
            String workspaceId,
            String tool,
            String ciphertext,
            @Nullable String previous) {}

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    private static String associatedData(String workspaceId, String tool) {
        return "polaris-signing\u0000" + workspaceId + "\u0000" + tool;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
