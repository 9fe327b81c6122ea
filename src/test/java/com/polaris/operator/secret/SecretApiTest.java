package com.polaris.operator.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.webhook.IntegrationApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The secrets API: write-only, encrypted at rest, audited by name, rotated without re-entry. */
class SecretApiTest extends IntegrationApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Secrets secrets;

    @Autowired
    MasterKeyRotation rotation;

    @Autowired
    MasterKeyset keyset;

    @Test
    void secretsAreWriteOnlyEncryptedAndAuditedByName() {
        var owner = tenant().owner();

        assertThat(owner.put("/api/v1/secrets/stripe_key", Map.of("value", "sk_live_abcdef123456"))
                        .status())
                .isEqualTo(204);
        assertThat(owner.put("/api/v1/secrets/stripe_key", Map.of("value", "sk_live_changed_7890"))
                        .status())
                .isEqualTo(204);

        var list = owner.get("/api/v1/secrets");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("items").get(0).path("name").asString()).isEqualTo("stripe_key");
        assertThat(list.body().path("items").get(0).has("value")).isFalse();
        assertThat(list.raw().body()).doesNotContain("sk_live");
        String stored = jdbc.sql("select ciphertext from secrets where workspace_id = ? and name = 'stripe_key'")
                .param(tenant().id())
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain("sk_live");
        assertThat(secrets.reveal(tenant().id(), "stripe_key")).isEqualTo("sk_live_changed_7890");

        assertThat(agent().put("/api/v1/secrets/x", Map.of("value", "v")).status())
                .isEqualTo(403);
        assertThat(agent().get("/api/v1/secrets").status()).isEqualTo(403);
        assertThat(tenant().member("reviewer")
                        .api()
                        .put("/api/v1/secrets/x", Map.of("value", "v"))
                        .status())
                .isEqualTo(403);
        assertThat(owner.put("/api/v1/secrets/1bad", Map.of("value", "v")).status())
                .isEqualTo(422);
        assertThat(owner.put("/api/v1/secrets/empty", Map.of("value", "")).status())
                .isEqualTo(422);
        assertThat(newWorkspace()
                        .owner()
                        .get("/api/v1/secrets")
                        .body()
                        .path("items")
                        .size())
                .as("another workspace sees none")
                .isZero();

        assertThat(owner.delete("/api/v1/secrets/stripe_key").status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/secrets/stripe_key").status()).isEqualTo(404);
        var audit = owner.get("/api/v1/audit");
        var types = audit.body()
                .path("items")
                .valueStream()
                .map(e -> e.path("type").asString())
                .toList();
        assertThat(types).contains("secret.updated", "secret.deleted");
        assertThat(audit.raw().body()).contains("stripe_key").doesNotContain("sk_live");
    }

    @Test
    void aCiphertextDoesNotOpenUnderAnotherWorkspaceOrName() {
        var a = newWorkspace();
        var b = newWorkspace();
        a.owner().put("/api/v1/secrets/token", Map.of("value", "value-of-a"));
        b.owner().put("/api/v1/secrets/token", Map.of("value", "value-of-b"));
        jdbc.sql("""
                        update secrets set ciphertext = (select ciphertext from secrets where workspace_id = ? and name = 'token')
                        where workspace_id = ? and name = 'token'""").params(a.id(), b.id()).update();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> secrets.reveal(b.id(), "token"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("value-of-a");
    }

    @Test
    void rotatingTheMasterKeyReencryptsSecretsWithoutReentry() {
        tenant().owner().put("/api/v1/secrets/api_token", Map.of("value", "keep-me-readable"));
        long before = keyset.primaryKeyId();

        rotation.rotate();

        assertThat(keyset.primaryKeyId()).isNotEqualTo(before);
        assertThat(jdbc.sql("select key_id from secrets where workspace_id = ? and name = 'api_token'")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .as("the secret is under the new key")
                .isEqualTo(keyset.primaryKeyId());
        assertThat(secrets.reveal(tenant().id(), "api_token")).isEqualTo("keep-me-readable");
    }
}
