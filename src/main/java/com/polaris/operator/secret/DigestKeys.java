package com.polaris.operator.secret;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.polaris.operator.database.SeparateTransactions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The key of the digests that bind an approval to what was approved: a Tink HMAC-SHA256 keyset,
 * made on first use and kept in the database encrypted under the master keyset, so someone who can
 * write the database but lacks the master key can neither read it nor make a tag that verifies.
 *
 * <p>Rotating the master keyset adds a new primary HMAC key and keeps the old ones: a tag names the
 * key that made it (Tink's output prefix), so approvals granted under an old key still verify. A
 * node that meets a tag of a key added elsewhere since it loaded the keyset loads it again.
 */
@Service
public class DigestKeys {

    private static final String NAME = "approval-digest";
    private static final byte[] ASSOCIATED_DATA = ("digest-keyset:" + NAME).getBytes(StandardCharsets.UTF_8);

    private final JdbcClient jdbc;
    private final MasterKeyset master;
    private final SeparateTransactions separately;
    private final Clock clock;
    private volatile @Nullable Loaded loaded;

    private record Loaded(KeysetHandle handle, Mac mac) {}

    DigestKeys(JdbcClient jdbc, MasterKeyset master, SeparateTransactions separately, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.separately = separately;
        this.clock = clock;
        try {
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink MAC cannot be registered", e);
        }
    }

    /** The tag of {@code content} under the primary key (Base64url, unpadded). */
    public String tag(byte[] content) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(current().mac().computeMac(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The digest key cannot make a tag", e);
        }
    }

    /** Whether {@code tag} was made for exactly {@code content} by one of the keyset's keys, old or new. */
    public boolean verifies(String tag, byte[] content) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(tag);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (verifies(current(), bytes, content)) {
            return true;
        }
        loaded = null;
        return verifies(current(), bytes, content);
    }

    private static boolean verifies(Loaded keys, byte[] tag, byte[] content) {
        try {
            keys.mac().verifyMac(tag, content);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Adds a new primary HMAC key; the old ones keep verifying. */
    synchronized void rotate() {
        separately.executeWithoutResult(status -> {
            Optional<String> stored = stored(" for update");
            if (stored.isEmpty()) {
                create();
                return;
            }
            try {
                KeysetHandle rotated = KeysetHandle.newBuilder(open(stored.get()))
                        .addEntry(
                                KeysetHandle.generateEntryFromParameters(PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                                        .withRandomId()
                                        .makePrimary())
                        .build();
                save(rotated);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The digest key could not be rotated", e);
            }
        });
        loaded = null;
    }

    /** Encrypts the keyset again when an older master key sealed it; answers how many keysets were. */
    int reencrypt() {
        return Objects.requireNonNull(separately.execute(status -> {
            Long keyId = jdbc.sql("select master_key_id from digest_keysets where name = ? for update")
                    .param(NAME)
                    .query(Long.class)
                    .optional()
                    .orElse(null);
            if (keyId == null || keyId == master.primaryKeyId()) {
                return 0;
            }
            save(open(stored("").orElseThrow()));
            return 1;
        }));
    }

    private Loaded current() {
        Loaded keys = loaded;
        if (keys == null) {
            KeysetHandle handle = stored("").map(DigestKeys.this::open).orElseGet(this::createSeparately);
            try {
                keys = new Loaded(handle, handle.getPrimitive(RegistryConfiguration.get(), Mac.class));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The digest keyset is not a Tink MAC keyset", e);
            }
            loaded = keys;
        }
        return keys;
    }

    /** Makes the keyset in its own transaction; a node that loses the race to make it reads the winner's. */
    private KeysetHandle createSeparately() {
        try {
            return Objects.requireNonNull(separately.execute(status -> create()));
        } catch (DuplicateKeyException e) {
            return open(stored("").orElseThrow());
        }
    }

    private KeysetHandle create() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG);
            jdbc.sql("insert into digest_keysets (name, keyset, master_key_id, updated_at) values (?, ?, ?, ?)")
                    .params(NAME, encrypted(handle), master.primaryKeyId(), Timestamp.from(clock.instant()))
                    .update();
            return handle;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The digest key could not be made", e);
        }
    }

    private void save(KeysetHandle handle) {
        try {
            jdbc.sql("update digest_keysets set keyset = ?, master_key_id = ?, updated_at = ? where name = ?")
                    .params(encrypted(handle), master.primaryKeyId(), Timestamp.from(clock.instant()), NAME)
                    .update();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The digest keyset could not be encrypted", e);
        }
    }

    private Optional<String> stored(String lock) {
        return jdbc.sql("select keyset from digest_keysets where name = ?" + lock)
                .param(NAME)
                .query(String.class)
                .optional();
    }

    private String encrypted(KeysetHandle handle) throws GeneralSecurityException {
        return Base64.getEncoder()
                .encodeToString(TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, master.aead(), ASSOCIATED_DATA));
    }

    private KeysetHandle open(String keyset) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(keyset), master.aead(), ASSOCIATED_DATA);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The digest keyset cannot be opened with the master keyset", e);
        }
    }
}
