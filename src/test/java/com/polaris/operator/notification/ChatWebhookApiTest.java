package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.approval.ApprovalNotice;
import com.polaris.operator.identity.Role;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The chat webhook: set by owners and admins, checked when set, and posted to (signed, retried)
 * by a real local HTTPS receiver; failed actions reach the bell of owners and admins and the chat.
 */
class ChatWebhookApiTest extends IntegrationApiTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private static Api.Response setChatWebhook(Api as, String path, List<String> events) {
        return as.put("/api/v1/settings/chat-webhook", Map.of("url", hookUrl(path), "events", events));
    }

    /** Sets the test's workspace's chat webhook, for {@code events}, to the receiver's {@code path}. */
    private void chatPostsTo(String path, String... events) {
        assertThat(setChatWebhook(tenant().owner(), path, List.of(events)).status())
                .isEqualTo(200);
    }

    @Test
    void aRequestedApprovalReachesTheChatSignedWithALinkToTheApproval() throws Exception {
        String path = "/chat/requested/" + tenant().id();
        var set = setChatWebhook(tenant().owner(), path, List.of("approval.requested", "approval.expired"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        String secret = set.text("signingSecret");
        assertThat(secret).startsWith("whsec_");
        assertThat(set.text("url")).isEqualTo(hookUrl(path));

        var shown = tenant().owner().get("/api/v1/settings/chat-webhook");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text("url")).isEqualTo(hookUrl(path));
        assertThat(shown.body().path("events").valueStream().map(JsonNode::asString))
                .containsExactly("approval.requested", "approval.expired");
        assertThat(shown.body().has("signingSecret")).isFalse();

        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "immediate",
                        Map.of("businessHours", false, "review", Map.of("summary", "Lead {{args.name}}")));
        String action = NotificationApiTest.proposeLead(tenant().integrationKey(), "Ana <Ruiz> & Co");
        String approval = approvalOf(tenant(), action);

        var delivery = firstDelivery(path);
        assertThat(HttpsReceiver.verifies(delivery, secret)).isTrue();
        assertThat(delivery.header("webhook-id")).isNotBlank();
        assertThat(delivery.header("content-type")).startsWith("application/json");
        JsonNode sent = delivery.json();
        assertThat(sent.path("type").asString()).isEqualTo("approval.requested");
        assertThat(sent.path("approvalId").asString()).isEqualTo(approval);
        assertThat(sent.path("link").asString()).isEqualTo("http://localhost:8080/approvals/" + approval);
        assertThat(sent.path("text").asString()).startsWith("Waiting for your approval: Lead Ana");
        assertThat(sent.path("text").asString())
                .as("escaped for Slack mrkdwn")
                .doesNotContain("<", ">")
                .contains("&lt;Ruiz&gt; &amp; Co");
    }

    @Test
    void aRolledBackApprovalPostsNothing() {
        String path = "/chat/rollback/" + tenant().id();
        chatPostsTo(path, "approval.requested");
        for (String approval : List.of("apr_rolled_back", "apr_committed")) {
            tx.executeWithoutResult(status -> {
                events.publishEvent(new ApprovalNotice(
                        tenant().id(),
                        ApprovalNotice.Kind.REQUESTED,
                        approval,
                        "act_" + approval,
                        new ApprovalNotice.Audience(Set.of(Role.OWNER), Set.of(), Set.of()),
                        "An action waits for your approval."));
                if (approval.equals("apr_rolled_back")) {
                    status.setRollbackOnly();
                }
            });
        }

        firstDelivery(path);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.deliveries(path).stream()
                        .map(d -> d.json().path("approvalId").asString())
                        .toList()
                        .equals(List.of("apr_committed")));
    }

    @Test
    void aReceiverFailingOnceGetsTheSameDeliveryAgain() {
        String path = "/chat/retry/" + tenant().id();
        RECEIVER.then(path, HttpsReceiver.Reply.status(503));
        chatPostsTo(path, "approval.requested");

        NotificationApiTest.proposeLead(tenant().integrationKey(), "Bob Stone");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.deliveries(path).size() >= 2);
        var deliveries = RECEIVER.deliveries(path);
        assertThat(deliveries.get(1).header("webhook-id"))
                .isEqualTo(deliveries.get(0).header("webhook-id"));
        assertThat(deliveries.get(1).body()).isEqualTo(deliveries.get(0).body());
    }

    @Test
    void aFailedWebhookActionEndsInTheOwnersBellAndOnlyThatReachesTheChat() {
        var reviewer = tenant().member("reviewer");
        String chat = "/chat/failed/" + tenant().id();
        chatPostsTo(chat, "action.failed");
        String hook = "/crm/failing/" + tenant().id();
        assertThat(createWebhookAction(
                                tenant().owner(), "crm_hook", hook, Map.of(), Map.of("orderId", "{{args.orderId}}"))
                        .status())
                .isEqualTo(201);
        RECEIVER.then(hook, HttpsReceiver.Reply.status(400));

        String action = approvedUntil(tenant(), "crm_hook", Map.of("orderId", 7), "failed");

        var bell = NotificationApiTest.mine(tenant().owner(), "&unread=true").stream()
                .filter(n -> n.path("type").asString().equals("action.failed"))
                .toList();
        assertThat(bell).hasSize(1);
        assertThat(bell.getFirst().path("actionId").asString()).isEqualTo(action);
        assertThat(bell.getFirst().path("text").asString()).contains("crm_hook").contains("failed");
        assertThat(NotificationApiTest.mine(reviewer.api(), "").stream()
                        .map(n -> n.path("type").asString()))
                .as("a reviewer is not told of failed actions")
                .doesNotContain("action.failed");

        JsonNode sent = firstDelivery(chat).json();
        assertThat(sent.path("type").asString()).isEqualTo("action.failed");
        assertThat(sent.path("approvalId").isNull()).isTrue();
        assertThat(sent.path("link").asString()).isEqualTo("http://localhost:8080/actions/" + action);
        assertThat(RECEIVER.deliveries(chat))
                .as("the approval it asked for is not an event the chat wants")
                .hasSize(1);
    }

    @Test
    void anActionThatMayHaveHappenedReachesTheChatAsNeedsReview() {
        String chat = "/chat/review/" + tenant().id();
        chatPostsTo(chat, "action.needs_review");
        String hook = "/crm/slow/" + tenant().id();
        createWebhookAction(tenant().owner(), "slow_hook", hook, Map.of(), Map.of("orderId", "{{args.orderId}}"));
        tenant().savePolicy("slow_hook", "required", "background", Map.of("retry", Map.of("maxAttempts", 1)));
        RECEIVER.then(hook, HttpsReceiver.Reply.slow(3000));

        approvedUntil(tenant(), "slow_hook", Map.of("orderId", 5), "needs_review");

        JsonNode sent = firstDelivery(chat).json();
        assertThat(sent.path("type").asString()).isEqualTo("action.needs_review");
        assertThat(sent.path("text").asString()).contains("slow_hook").contains("timeout");
        assertThat(NotificationApiTest.mine(tenant().owner(), "&unread=true").stream()
                        .map(n -> n.path("type").asString()))
                .contains("action.needs_review");
    }

    @Test
    void aMemberWhoseActionFailsIsToldToo() {
        var admin = tenant().member("admin");
        var reviewer = tenant().member("reviewer");
        String hook = "/crm/member/" + tenant().id();
        createWebhookAction(tenant().owner(), "member_hook", hook, Map.of(), Map.of("orderId", "{{args.orderId}}"));
        RECEIVER.then(hook, HttpsReceiver.Reply.status(410));

        String action = proposeAndApprove(reviewer.api(), tenant().owner(), "member_hook", Map.of("orderId", 3));
        awaitStatus(tenant().owner(), action, "failed");

        for (Api told : List.of(tenant().owner(), admin.api(), reviewer.api())) {
            assertThat(NotificationApiTest.mine(told, "").stream()
                            .filter(n -> n.path("type").asString().equals("action.failed"))
                            .map(n -> n.path("actionId").asString()))
                    .containsExactly(action);
        }
    }

    @Test
    void theChatWebhookIsCheckedWhenSetAndAWrongOneChangesNothing() {
        String path = "/chat/checked/" + tenant().id();
        chatPostsTo(path, "approval.requested");

        assertThat(refusedFields(tenant().owner()
                        .put(
                                "/api/v1/settings/chat-webhook",
                                Map.of("url", "http://hooks.example.test/x", "events", List.of("action.failed")))))
                .containsExactly("url");
        assertThat(refusedFields(tenant().owner()
                        .put(
                                "/api/v1/settings/chat-webhook",
                                Map.of(
                                        "url",
                                        "https://user:pw@hooks.example.test/x",
                                        "events",
                                        List.of("action.failed")))))
                .containsExactly("url");
        assertThat(refusedFields(setChatWebhook(tenant().owner(), path, List.of())))
                .containsExactly("events");
        assertThat(refusedFields(setChatWebhook(tenant().owner(), path, List.of("action.failed", "approval.sent"))))
                .containsExactly("events[1]");
        assertThat(refusedFields(setChatWebhook(tenant().owner(), path, List.of("message"))))
                .containsExactly("events[0]");
        assertThat(refusedFields(setChatWebhook(tenant().owner(), path, List.of("action.failed", "action.failed"))))
                .containsExactly("events[1]");
        assertThat(refusedFields(tenant().owner()
                        .put(
                                "/api/v1/settings/chat-webhook",
                                Map.of("url", hookUrl(path), "events", List.of("action.failed"), "secret", "x"))))
                .containsExactly("secret");

        assertThat(tenant().member("reviewer")
                        .api()
                        .put(
                                "/api/v1/settings/chat-webhook",
                                Map.of("url", hookUrl(path), "events", List.of("action.failed")))
                        .status())
                .isEqualTo(403);
        assertThat(tenant().owner()
                        .get("/api/v1/settings/chat-webhook")
                        .body()
                        .path("events")
                        .valueStream()
                        .map(JsonNode::asString))
                .as("nothing changed")
                .containsExactly("approval.requested");
    }

    @Test
    void aRemovedChatWebhookGetsNothingAndTheAuditNamesNoSecret() {
        String path = "/chat/removed/" + tenant().id();
        String secret = setChatWebhook(tenant().owner(), path, List.of("approval.requested"))
                .text("signingSecret");

        var removed = tenant().owner().delete("/api/v1/settings/chat-webhook");
        assertThat(removed.status()).isEqualTo(204);
        var shown = tenant().owner().get("/api/v1/settings/chat-webhook");
        assertThat(shown.body().path("url").isNull()).isTrue();
        assertThat(shown.body().path("events")).isEmpty();
        assertThat(tenant().owner().delete("/api/v1/settings/chat-webhook").status())
                .isEqualTo(204);

        NotificationApiTest.proposeLead(tenant().integrationKey(), "Cleo Park");
        String audit = tenant().owner().get("/api/v1/audit?limit=100").raw().body();
        assertThat(audit)
                .contains("chat_webhook.updated", "chat_webhook.deleted", "localhost")
                .doesNotContain(secret, path);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.deliveries(path).isEmpty());
    }
}
