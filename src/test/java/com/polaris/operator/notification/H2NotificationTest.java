package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.H2ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The bell and the reviewer email queue on the embedded H2 database a plain start uses. */
@TestPropertySource(
        properties = {
            "polaris.smtp.host=127.0.0.1",
            "polaris.smtp.from=ops@polaris.example",
            "polaris.notifications.digest-check=200ms"
        })
class H2NotificationTest extends H2ApiTest {

    @Test
    void approvalsWaitingReachTheBellAndAreMarkedReadOnH2() {
        var reviewer = tenant().member("reviewer");
        NotificationApiTest.proposeLead(agent(), "Ana Ruiz");
        NotificationApiTest.proposeLead(agent(), "Bob Stone");

        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).hasSize(2);
        String newest = NotificationApiTest.mine(reviewer.api(), "")
                .getFirst()
                .path("id")
                .asString();
        assertThat(reviewer.api()
                        .post("/api/v1/notifications/" + newest + "/read", null)
                        .status())
                .isEqualTo(200);
        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).hasSize(1);
        assertThat(reviewer.api()
                        .post("/api/v1/notifications/read-all", null)
                        .body()
                        .path("read")
                        .asInt())
                .isEqualTo(1);
        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).isEmpty();
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aChatWebhookIsSetAndEachWorkspacesDigestScheduledOnH2() {
        var set = tenant().owner()
                .put(
                        "/api/v1/settings/chat-webhook",
                        Map.of("url", "https://hooks.example.test/chat", "events", List.of("approval.requested")));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        var again = tenant().owner()
                .put(
                        "/api/v1/settings/chat-webhook",
                        Map.of("url", "https://hooks.example.test/other", "events", List.of("action.failed")));
        assertThat(again.text("signingSecret")).startsWith("whsec_").isNotEqualTo(set.text("signingSecret"));
        NotificationApiTest.proposeLead(agent(), "Ana Ruiz");
        assertThat(tenant().owner().get("/api/v1/settings/chat-webhook").text("url"))
                .isEqualTo("https://hooks.example.test/other");
        assertThat(tenant().owner().delete("/api/v1/settings/chat-webhook").status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from jobs where kind = 'notification.digest' and subject_id = ?")
                                .param(tenant().id())
                                .query(Long.class)
                                .single()
                        == 1);
    }
}
