package com.polaris.operator.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The web widget over HTTP on PostgreSQL: its settings, conversations opened only from pages on
 * its allowed origins, tokens that write to their own conversation only, limits per client address
 * and per widget, and the length of a message.
 */
class WidgetApiTest extends WidgetTestBase {

    private static final String SHOP = "https://shop.example.com";

    @Autowired
    JdbcClient jdbc;

    private static String type(Api.Response answer) {
        return answer.text("type").substring(answer.text("type").lastIndexOf('/') + 1);
    }

    @Test
    void settingsAreValidatedPerOriginAndTheKeyStaysUntilRotated() {
        Api owner = tenant().owner();
        assertThat(owner.get("/api/v1/channels/web-widget").status()).isEqualTo(404);

        var invalid = owner.put(
                "/api/v1/channels/web-widget",
                Map.of(
                        "allowedOrigins",
                        List.of(
                                "http://shop.example.com",
                                "https://shop.example.com/contact",
                                "ftp://files.example.com",
                                "https://a.example.com",
                                "https://A.example.com:443",
                                7,
                                "*")));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);
        assertThat(invalid.errorFields())
                .containsExactly(
                        "allowedOrigins[0]",
                        "allowedOrigins[1]",
                        "allowedOrigins[2]",
                        "allowedOrigins[4]",
                        "allowedOrigins[5]",
                        "allowedOrigins[6]");
        assertThat(owner.put("/api/v1/channels/web-widget", Map.of("allowedOrigins", List.of()))
                        .errorFields())
                .containsExactly("allowedOrigins");
        var tooMany = new ArrayList<String>();
        for (int i = 0; i < 21; i++) {
            tooMany.add("https://shop" + i + ".example.com");
        }
        assertThat(owner.put("/api/v1/channels/web-widget", Map.of("allowedOrigins", tooMany))
                        .status())
                .isEqualTo(422);
        assertThat(owner.put("/api/v1/channels/web-widget", Map.of("origins", List.of(SHOP)))
                        .status())
                .isEqualTo(422);
        assertThat(owner.get("/api/v1/channels/web-widget").status())
                .as("nothing stored")
                .isEqualTo(404);

        assertThat(tenant().member("viewer")
                        .api()
                        .put("/api/v1/channels/web-widget", Map.of("allowedOrigins", List.of(SHOP)))
                        .status())
                .isEqualTo(403);
        assertThat(tenant().integrationKey()
                        .put("/api/v1/channels/web-widget", Map.of("allowedOrigins", List.of(SHOP)))
                        .status())
                .isEqualTo(403);

        var saved = owner.put(
                "/api/v1/channels/web-widget",
                Map.of("allowedOrigins", List.of("https://Shop.Example.com:443", "http://localhost:3000")));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        String key = saved.text("widgetKey");
        assertThat(key).startsWith("pol_wgt_");
        assertThat(saved.body().path("allowedOrigins").valueStream().map(o -> o.asString()))
                .containsExactly(SHOP, "http://localhost:3000");
        assertThat(saved.text("createdAt")).isNotBlank();

        var changed = tenant().member("admin")
                .api()
                .put("/api/v1/channels/web-widget", Map.of("allowedOrigins", List.of("https://www.example.com")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text("widgetKey")).as("the key stays").isEqualTo(key);
        var read = tenant().member("viewer").api().get("/api/v1/channels/web-widget");
        assertThat(read.body().path("allowedOrigins").valueStream().map(o -> o.asString()))
                .containsExactly("https://www.example.com");

        var rotated = owner.post("/api/v1/channels/web-widget/rotate-key", null);
        assertThat(rotated.status()).isEqualTo(200);
        String newKey = rotated.text("widgetKey");
        assertThat(newKey).startsWith("pol_wgt_").isNotEqualTo(key);
        String address = newAddress();
        assertThat(open(key, "https://www.example.com", address).status())
                .as("the old key opens nothing")
                .isEqualTo(404);
        assertThat(open(newKey, "https://www.example.com", address).status()).isEqualTo(201);

        var audit = owner.get("/api/v1/audit?limit=200").raw().body();
        assertThat(audit).contains("web_widget.updated", "web_widget.key_rotated", "https://www.example.com");
    }

    @Test
    void aConversationOpensOnlyFromAPageOnAnAllowedOrigin() {
        String key = setUpWidget(tenant(), SHOP);
        String address = newAddress();

        var opened = open(key, SHOP, address);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        assertThat(opened.text("conversationId")).matches("web:[0-9a-f]{32}");
        assertThat(opened.text("conversationToken")).startsWith("pol_wct_");
        assertThat(opened.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(opened.header("Cache-Control")).isEqualTo("no-store");

        var elsewhere = open(key, "https://evil.example.net", address);
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(type(elsewhere)).isEqualTo("origin-not-allowed");
        assertThat(elsewhere.header("Content-Type")).startsWith("application/problem+json");
        assertThat(elsewhere.header("Access-Control-Allow-Origin")).isNull();

        var noOrigin = open(key, null, address);
        assertThat(noOrigin.status()).isEqualTo(403);
        assertThat(type(noOrigin)).isEqualTo("origin-not-allowed");

        assertThat(open("pol_wgt_unknown", SHOP, newAddress()).status()).isEqualTo(404);
        assertThat(anonymous()
                        .post("/widget/v1/conversations", Map.of(), from(SHOP, newAddress()))
                        .status())
                .isEqualTo(422);

        var preflight = anonymous()
                .send(
                        "OPTIONS",
                        "/widget/v1/conversations",
                        null,
                        Map.of(
                                "Origin", SHOP,
                                "Access-Control-Request-Method", "POST",
                                "Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        var otherPreflight = anonymous()
                .send(
                        "OPTIONS",
                        "/widget/v1/conversations",
                        null,
                        Map.of("Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST"));
        assertThat(otherPreflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aTokenWritesToItsOwnConversationOnly() throws Exception {
        var acme = newWorkspace();
        var other = newWorkspace();
        String acmeKey = setUpWidget(acme, SHOP);
        String otherKey = setUpWidget(other, "https://other.example.org");
        acme.integrationKey()
                .post(
                        "/api/v1/conversations/wa:34600111222/messages",
                        Map.of("role", "customer", "text", "On WhatsApp", "channel", "whatsapp"));
        String address = newAddress();
        var first = open(acmeKey, SHOP, address);
        var second = open(acmeKey, SHOP, address);
        var elsewhere = open(otherKey, "https://other.example.org", newAddress());

        var sent = send(first.text("conversationToken"), "Do you deliver on Saturdays?", SHOP, address);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.text("conversationId")).isEqualTo(first.text("conversationId"));
        assertThat(sent.text("id")).startsWith("msg_");

        Api member = acme.member("viewer").api();
        var conversation = member.get("/api/v1/conversations/" + first.text("conversationId"));
        assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
        assertThat(conversation.text("channel")).isEqualTo("web_widget");
        var message = conversation.body().path("messages").path(0);
        assertThat(message.path("text").asString()).isEqualTo("Do you deliver on Saturdays?");
        assertThat(message.path("role").asString()).isEqualTo("customer");
        assertThat(message.path("channel").asString()).isEqualTo("web_widget");
        assertThat(conversation.body().path("messages").size()).isEqualTo(1);

        assertThat(member.get("/api/v1/conversations/" + second.text("conversationId"))
                        .status())
                .as("the other conversation got nothing")
                .isEqualTo(404);
        assertThat(member.get("/api/v1/conversations/wa:34600111222")
                        .body()
                        .path("messages")
                        .size())
                .isEqualTo(1);
        assertThat(other.owner()
                        .get("/api/v1/conversations/" + first.text("conversationId"))
                        .status())
                .isEqualTo(404);

        var forged = send("pol_wct_" + "A".repeat(43), "Hello", SHOP, newAddress());
        assertThat(forged.status()).isEqualTo(401);
        assertThat(type(forged)).isEqualTo("unknown-conversation-token");
        assertThat(send(acmeKey, "The key is no token", SHOP, newAddress()).status())
                .isEqualTo(401);
        assertThat(send(elsewhere.text("conversationToken"), "From the wrong page", SHOP, newAddress())
                        .status())
                .as("another widget's conversation only from its own origins")
                .isEqualTo(403);
        assertThat(send(first.text("conversationToken"), "No origin", null, newAddress())
                        .status())
                .isEqualTo(403);

        String token = first.text("conversationToken");
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(jdbc.sql("select count(*) from web_widget_conversations where token_hash = ?")
                        .param(hash)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from web_widget_conversations where token_hash = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .as("the token itself is not stored")
                .isZero();

        assertThat(acme.owner()
                        .delete("/api/v1/conversations/" + first.text("conversationId"))
                        .status())
                .isEqualTo(204);
        var afterErasure = send(token, "Still there?", SHOP, newAddress());
        assertThat(afterErasure.status())
                .as("an erased conversation's token reaches nothing")
                .isEqualTo(401);
        assertThat(member.get("/api/v1/conversations/" + first.text("conversationId"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void tooManyConversationsOrMessagesAreAnswered429WithRetryAfter() {
        String key = setUpWidget(tenant(), SHOP);
        String busy = newAddress();
        for (int i = 0; i < 3; i++) {
            assertThat(open(key, SHOP, busy).status()).isEqualTo(201);
        }
        var limited = open(key, SHOP, busy);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(type(limited)).isEqualTo("too-many-widget-requests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.header("Access-Control-Allow-Origin"))
                .as("the page can read it")
                .isEqualTo(SHOP);

        String token = open(key, SHOP, newAddress()).text("conversationToken");
        String chatty = newAddress();
        for (int i = 0; i < 4; i++) {
            assertThat(send(token, "Message " + i, SHOP, chatty).status()).isEqualTo(201);
        }
        var byAddress = send(token, "One more", SHOP, chatty);
        assertThat(byAddress.status()).isEqualTo(429);
        assertThat(byAddress.header("Retry-After")).isNotBlank();

        String another = newAddress();
        assertThat(send(token, "Message 5", SHOP, another).status()).isEqualTo(201);
        assertThat(send(token, "Message 6", SHOP, another).status()).isEqualTo(201);
        var byWidget = send(token, "Message 7", SHOP, another);
        assertThat(byWidget.status()).as("the widget's own limit").isEqualTo(429);
        assertThat(byWidget.text("detail")).contains("for this widget");
    }

    @Test
    void aMessageHasOneTo2000Characters() {
        String key = setUpWidget(tenant(), SHOP);
        String address = newAddress();
        var opened = open(key, SHOP, address);
        String token = opened.text("conversationToken");

        assertThat(send(token, "x".repeat(2000), SHOP, address).status()).isEqualTo(201);
        var tooLong = send(token, "x".repeat(2001), SHOP, address);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.errorFields()).containsExactly("text");
        assertThat(send(token, "   ", SHOP, address).errorFields()).containsExactly("text");
        var nothing = anonymous().post("/widget/v1/messages", Map.of(), from(SHOP, address));
        assertThat(nothing.errorFields()).containsExactly("conversationToken", "text");
        assertThat(tenant().owner()
                        .get("/api/v1/conversations/" + opened.text("conversationId"))
                        .body()
                        .path("messages")
                        .size())
                .isEqualTo(1);
    }
}
