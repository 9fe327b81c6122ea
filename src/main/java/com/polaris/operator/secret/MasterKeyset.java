package com.polaris.operator.secret;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.polaris.operator.installation.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The installation's master keyset (Tink, AES-256-GCM), which seals every workspace secret. It
 * comes from {@code POLARIS_MASTER_KEY} (a Tink JSON keyset, plain or Base64) or from a keyset file;
 * with neither, one is generated into the data dir and a loud warning says so, because losing that
 * file makes every stored secret unreadable. Rotation adds a new primary key and keeps the old ones,
 * so existing ciphertexts stay readable until they are re-encrypted.
 */
@Component
class MasterKeyset {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyset.class);
    static final String GENERATED_FILE = "master-keyset.json";

    private final @org.jspecify.annotations.Nullable Path file;
    private volatile KeysetHandle handle;
    private volatile Aead aead;

    MasterKeyset(MasterKeySettings settings, @Value("${polaris.data-dir}") String dataDir) {
        String masterKey = settings.masterKey();
        String keysetFile = settings.keysetFile();
        try {
            AeadConfig.register();
            if (!masterKey.isBlank()) {
                this.file = null;
                this.handle = parse(
                        masterKey.trim().startsWith("{")
                                ? masterKey.trim()
                                : new String(Base64.getDecoder().decode(masterKey.trim()), StandardCharsets.UTF_8));
            } else if (!keysetFile.isBlank()) {
                this.file = Path.of(keysetFile);
                this.handle = parse(Files.readString(file));
            } else {
                this.file = Path.of(dataDir).resolve(GENERATED_FILE);
                if (Files.exists(file)) {
                    this.handle = parse(Files.readString(file));
                } else {
                    this.handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                    write(file, handle);
                    log.warn("""

                            ************************************************************************
                            No master key configured (POLARIS_MASTER_KEY or POLARIS_MASTER_KEYSET_FILE).
                            A new master keyset was generated at {}.
                            Every stored secret is encrypted with it: back it up and keep it private.
                            Losing it makes all secrets unreadable.
                            ************************************************************************""", file.toAbsolutePath());
                }
            }
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset is not a valid Tink AEAD keyset", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("POLARIS_MASTER_KEY is neither a Tink JSON keyset nor its Base64", e);
        } catch (IOException e) {
            throw new UncheckedIOException("The master keyset file cannot be read or written", e);
        }
    }

    /** A ciphertext (Base64) and the id of the key that made it. */
    record Sealed(String ciphertext, long keyId) {}

    Sealed seal(String plaintext, String associatedData) {
        try {
            byte[] ciphertext = aead.encrypt(
                    plaintext.getBytes(StandardCharsets.UTF_8), associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(Base64.getEncoder().encodeToString(ciphertext), primaryKeyId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed");
        }
    }

    /** Opens a ciphertext; a wrong workspace or name (associated data) or an unknown key fails. */
    String open(String ciphertext, String associatedData) {
        try {
            byte[] plaintext = aead.decrypt(
                    Base64.getDecoder().decode(ciphertext), associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted with the master keyset");
        }
    }

    /** The master AEAD, which also encrypts the keysets kept in the database (see {@link DigestKeys}). */
    Aead aead() {
        return aead;
    }

    long primaryKeyId() {
        return Integer.toUnsignedLong(handle.getPrimary().getId());
    }

    /**
     * Adds a new AES-256-GCM key as the primary and saves the keyset. Refused when the keyset comes
     * from {@code POLARIS_MASTER_KEY}: Polaris cannot change an environment variable, so the operator
     * adds the key there (e.g. with Tinkey) and restarts instead.
     */
    synchronized void rotate() {
        if (file == null) {
            throw new IllegalStateException("The master keyset comes from POLARIS_MASTER_KEY: add a new primary key"
                    + " to it (e.g. tinkey rotate-keyset) and restart; secrets are re-encrypted on start.");
        }
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(handle)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
            write(file, rotated);
            this.aead = rotated.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.handle = rotated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset could not be rotated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("The rotated master keyset could not be saved", e);
        }
    }

    private static KeysetHandle parse(String json) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    private static void write(Path file, KeysetHandle handle) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "keyset", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            log.debug("The file system has no POSIX permissions; the keyset file keeps its default permissions");
        }
        Files.writeString(temp, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
