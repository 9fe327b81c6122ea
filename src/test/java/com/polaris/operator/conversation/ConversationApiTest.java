package com.polaris.operator.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Conversations over HTTP on PostgreSQL: messages handed in once however often they arrive, read
 * latest first with paging and with the actions that name the conversation, erased on request and
 * after the workspace's retention, never across workspaces, and never with text in the audit.
 */
class ConversationApiTest extends PostgresApiTest {

    @Autowired
    ConversationRetention retention;

    private static Map<String, Object> message(String role, String text, String externalId) {
        var body = new HashMap<String, Object>();
        body.put("role", role);
        body.put("text", text);
        body.put("channel", "whatsapp");
        if (externalId != null) {
            body.put("externalId", externalId);
        }
        return body;
    }

    private static List<String> texts(Api.Response conversation) {
        return conversation
                .body()
                .path("messages")
                .valueStream()
                .map(m -> m.path("text").asString())
                .toList();
    }

    @Test
    void messagesAreStoredOnceAndReadLatestFirstWithTheirActions() {
        Api bot = tenant().integrationKey();
        var first = bot.post("/api/v1/conversations/conv_81/messages", message("customer", "Hi there", "wamid.1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.text("id")).startsWith("msg_");
        assertThat(first.text("role")).isEqualTo("customer");

        var again = bot.post("/api/v1/conversations/conv_81/messages", message("customer", "Hi there", "wamid.1"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));

        bot.post("/api/v1/conversations/conv_81/messages", message("bot", "Hello! How can I help?", null));
        bot.post("/api/v1/conversations/conv_81/messages", message("customer", "A quote please", "wamid.2"));
        var lead = bot.post(
                "/api/v1/actions",
                Map.of(
                        "tool", "create_lead",
                        "arguments", Map.of("name", "Ana Ruiz", "email", "ana@example.com"),
                        "conversation", Map.of("id", "conv_81", "channel", "whatsapp")));
        assertThat(lead.status()).as(lead.toString()).isIn(200, 201, 202);

        var read = tenant().owner().get("/api/v1/conversations/conv_81?limit=2");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.text("channel")).isEqualTo("whatsapp");
        assertThat(texts(read)).containsExactly("A quote please", "Hello! How can I help?");
        assertThat(read.body()
                        .path("actions")
                        .valueStream()
                        .map(a -> a.path("id").asString()))
                .containsExactly(lead.text("id"));
        var next = tenant().owner().get("/api/v1/conversations/conv_81?limit=2&cursor=" + read.text("nextCursor"));
        assertThat(texts(next)).containsExactly("Hi there");
        assertThat(next.body().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void anotherWorkspaceSeesNothingOfTheConversation() {
        var acme = newWorkspace();
        var other = newWorkspace();
        acme.integrationKey().post("/api/v1/conversations/conv_9/messages", message("customer", "Private", "m1"));
        assertThat(other.owner().get("/api/v1/conversations/conv_9").status()).isEqualTo(404);
        assertThat(other.owner().delete("/api/v1/conversations/conv_9").status())
                .isEqualTo(404);
        assertThat(acme.owner().get("/api/v1/conversations/conv_9").status()).isEqualTo(200);
    }

    @Test
    void invalidMessagesAreRefusedWithTheFieldAndStoreNothing() {
        Api bot = tenant().integrationKey();
        var bad = bot.post(
                "/api/v1/conversations/conv_1/messages",
                Map.of("role", "king", "text", "", "channel", "pigeon", "at", "yesterday", "extra", 1));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        assertThat(bad.body()
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .contains("role", "text", "channel", "at", "extra");
        var tooLong = bot.post("/api/v1/conversations/conv_1/messages", message("customer", "x".repeat(4097), null));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tenant().owner().get("/api/v1/conversations/conv_1").status())
                .isEqualTo(404);
    }

    @Test
    void erasingAConversationRemovesItsMessagesAndAuditsNoText() {
        tenant().integrationKey()
                .post("/api/v1/conversations/conv_5/messages", message("customer", "My card is 4111 1111", "m1"));
        assertThat(tenant().member("reviewer")
                        .api()
                        .delete("/api/v1/conversations/conv_5")
                        .status())
                .isEqualTo(403);
        assertThat(tenant().owner().delete("/api/v1/conversations/conv_5").status())
                .isEqualTo(204);
        assertThat(tenant().owner().get("/api/v1/conversations/conv_5").status())
                .isEqualTo(404);

        var audit = tenant().owner().get("/api/v1/audit?limit=200");
        assertThat(audit.raw().body()).contains("conversation.erased").doesNotContain("4111");
        JsonNode erased = audit.body()
                .path("items")
                .valueStream()
                .filter(e -> e.path("type").asString().equals("conversation.erased"))
                .findFirst()
                .orElseThrow();
        assertThat(erased.path("data").path("messages").asInt()).isEqualTo(1);
    }

    @Test
    void messagesOlderThanTheRetentionAreErased() {
        assertThat(tenant().owner().get("/api/v1/settings/retention").text("conversationDays"))
                .isEqualTo("90");
        assertThat(tenant().owner()
                        .put("/api/v1/settings/retention", Map.of("conversationDays", 0))
                        .status())
                .isEqualTo(422);
        assertThat(tenant().member("admin")
                        .api()
                        .put("/api/v1/settings/retention", Map.of("conversationDays", 30))
                        .status())
                .isEqualTo(200);
        Api bot = tenant().integrationKey();
        bot.post("/api/v1/conversations/old/messages", message("customer", "Long ago", "m1"));
        bot.post("/api/v1/conversations/mixed/messages", message("customer", "Earlier", "m1"));
        clock.advance(Duration.ofDays(31));
        bot.post("/api/v1/conversations/mixed/messages", message("customer", "Today", "m2"));

        retention.eraseExpired();

        assertThat(tenant().owner().get("/api/v1/conversations/old").status()).isEqualTo(404);
        assertThat(texts(tenant().owner().get("/api/v1/conversations/mixed"))).containsExactly("Today");
        assertThat(tenant().owner().get("/api/v1/audit?limit=200").raw().body())
                .contains("conversation.messages_expired")
                .doesNotContain("Long ago");
    }
}
