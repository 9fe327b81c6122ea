package com.polaris.operator.secret;

import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Key rotation without re-entering secrets. Started with {@code POLARIS_ROTATE_MASTER_KEY=true}
 * (or {@code --polaris.secrets.rotate-master-key=true}), Polaris adds a new primary key to the
 * keyset file; on every start it then re-encrypts the secrets still sealed by an older key, so an
 * operator who rotated {@code POLARIS_MASTER_KEY} with Tinkey gets the same by restarting.
 */
@Component
@RequiredArgsConstructor
class MasterKeyRotation implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final MasterKeyset keyset;
    private final Secrets secrets;
    private final SigningSecrets signingSecrets;
    private final DigestKeys digestKeys;
    private final MasterKeySettings settings;

    @Override
    public void run(ApplicationArguments args) {
        if (settings.rotateMasterKey()) {
            rotate();
            log.warn(
                    "The master keyset was rotated; remove POLARIS_ROTATE_MASTER_KEY so the next start does not rotate again.");
        } else {
            reencrypt();
        }
    }

    /**
     * Adds a new primary master key and re-encrypts every secret under it; the digest key gets a new
     * primary too (its old keys keep verifying approvals made under them). Answers how many secrets
     * were re-encrypted.
     */
    int rotate() {
        keyset.rotate();
        digestKeys.rotate();
        return reencrypt();
    }

    private int reencrypt() {
        int count = secrets.reencryptAll() + signingSecrets.reencryptAll() + digestKeys.reencrypt();
        if (count > 0) {
            log.info("Re-encrypted {} secrets under master key {}", count, keyset.primaryKeyId());
        }
        return count;
    }
}
