package com.polaris.operator.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.webhook.IntegrationApiTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The key of approval digests: kept encrypted under the master keyset, and rotated without undoing approvals. */
class DigestKeysTest extends IntegrationApiTest {

    @Autowired
    DigestKeys keys;

    @Autowired
    MasterKeyset master;

    @Autowired
    JdbcClient jdbc;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTagVerifiesOnlyForItsContent() {
        String tag = keys.tag(bytes("{\"orderId\":42}"));

        assertThat(keys.verifies(tag, bytes("{\"orderId\":42}"))).isTrue();
        assertThat(keys.verifies(tag, bytes("{\"orderId\":43}"))).isFalse();
        assertThat(keys.verifies("not a tag", bytes("{\"orderId\":42}"))).isFalse();
    }

    @Test
    void aTagMadeBeforeARotationStillVerifiesAndNewTagsUseTheNewKey() {
        String before = keys.tag(bytes("approved on Monday"));

        keys.rotate();
        String after = keys.tag(bytes("approved on Monday"));

        assertThat(after).isNotEqualTo(before);
        assertThat(keys.verifies(before, bytes("approved on Monday"))).isTrue();
        assertThat(keys.verifies(after, bytes("approved on Monday"))).isTrue();
    }

    @Test
    void theKeysetIsStoredEncryptedUnderTheCurrentMasterKey() {
        keys.tag(bytes("anything"));

        var row = jdbc.sql("select keyset, master_key_id from digest_keysets where name = 'approval-digest'")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .single();

        assertThat((long) row[1]).isEqualTo(master.primaryKeyId());
        assertThat((String) row[0]).doesNotContain("HmacKey").doesNotContain("type.googleapis.com");
        assertThat(keys.reencrypt())
                .as("nothing to re-encrypt under the same master key")
                .isZero();
    }
}
