package com.polaris.operator.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.webhook.IntegrationApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp channel over HTTP on PostgreSQL, against a local stand-in for the Cloud API: its
 * settings, the subscription handshake, signed inbound messages stored once as conversation
 * messages, and send_whatsapp_message approved by a person, delivered, retried or failed.
 */
class WhatsAppApiTest extends IntegrationApiTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final CloudApiStub CLOUD = new CloudApiStub();
    private static final AtomicLong NUMBERS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    @AfterAll
    static void stop() {
        CLOUD.close();
    }

    private static String phoneNumberId() {
        return Long.toString(NUMBERS.incrementAndGet());
    }

    /** A new phone number id, connected as {@code tenant}'s WhatsApp channel on the stand-in Cloud API. */
    private static String connectedNumber(Tenant tenant) {
        String number = phoneNumberId();
        CLOUD.connect(tenant.owner(), number);
        return number;
    }

    /** The agent's text to the customer, approved by the owner; answers the action's id. */
    private static String sendApprovedText(Tenant tenant, String text) {
        return proposeAndApprove(
                tenant.integrationKey(),
                tenant.owner(),
                "send_whatsapp_message",
                Map.of("to", "+31612345678", "text", text));
    }

    @Test
    void settingsAreCheckedFieldByFieldAndOnlyByOwnersAndAdmins() {
        var owner = tenant().owner();
        assertThat(owner.get("/api/v1/channels/whatsapp").status()).isEqualTo(404);

        var empty = owner.put("/api/v1/channels/whatsapp", Map.of());
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.errorFields())
                .containsExactlyInAnyOrder("phoneNumberId", "accessTokenSecret", "appSecretSecret", "verifyToken");

        var wrong = new HashMap<String, Object>();
        wrong.put("phoneNumberId", "+31 6 1234");
        wrong.put("accessTokenSecret", "no_such_secret");
        wrong.put("appSecretSecret", "bad name!");
        wrong.put("verifyToken", "short");
        wrong.put("apiBaseUrl", "http://graph.example.com/v21.0");
        wrong.put("colour", "green");
        var refused = owner.put("/api/v1/channels/whatsapp", wrong);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.errorFields())
                .containsExactlyInAnyOrder(
                        "colour", "phoneNumberId", "accessTokenSecret", "appSecretSecret", "verifyToken", "apiBaseUrl");
        assertThat(refused.raw().body()).contains("names no secret of this workspace");

        owner.put("/api/v1/secrets/wa_token", Map.of("value", CloudApiStub.ACCESS_TOKEN));
        owner.put("/api/v1/secrets/wa_app_secret", Map.of("value", CloudApiStub.APP_SECRET));
        var settings = new HashMap<String, Object>(Map.of(
                "phoneNumberId", "106540352242922",
                "accessTokenSecret", "wa_token",
                "appSecretSecret", "wa_app_secret",
                "verifyToken", CloudApiStub.VERIFY_TOKEN));
        for (String url : List.of(
                "ftp://graph.example.com", "https://user:pw@graph.example.com", "https://graph.example.com/?x=1")) {
            settings.put("apiBaseUrl", url);
            var bad = owner.put("/api/v1/channels/whatsapp", settings);
            assertThat(bad.status()).as(url).isEqualTo(422);
            assertThat(bad.errorFields()).as(url).containsExactly("apiBaseUrl");
        }
        settings.remove("apiBaseUrl");
        var admin = tenant().member("admin").api();
        var reviewer = tenant().member("reviewer").api();
        assertThat(reviewer.put("/api/v1/channels/whatsapp", settings).status()).isEqualTo(403);
        assertThat(tenant().integrationKey().get("/api/v1/channels/whatsapp").status())
                .isEqualTo(403);

        var saved = admin.put("/api/v1/channels/whatsapp", settings);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.text("apiBaseUrl")).isEqualTo("https://graph.facebook.com/v21.0");
        assertThat(reviewer.get("/api/v1/channels/whatsapp").status()).isEqualTo(403);
        assertThat(newWorkspace().owner().get("/api/v1/channels/whatsapp").status())
                .as("another workspace has none")
                .isEqualTo(404);
    }

    @Test
    void theChannelShowsItsInboundUrlButNeverItsSecretsAndKeepsItsIdWhenReplaced() {
        var owner = tenant().owner();
        String number = phoneNumberId();
        var connected = CLOUD.connect(owner, number);
        var settings = connected.settings();
        assertThat(connected.channelId()).startsWith("wac_");
        assertThat(settings.text("inboundUrl"))
                .isEqualTo("http://localhost:8080/hooks/whatsapp/" + connected.channelId());
        assertThat(settings.text("phoneNumberId")).isEqualTo(number);
        assertThat(settings.text("accessTokenSecret")).isEqualTo("wa_token");
        assertThat(settings.text("verifyTokenEnding")).isEqualTo("x7Qe");
        assertThat(settings.text("apiBaseUrl")).isEqualTo(CLOUD.baseUrl());
        assertThat(settings.raw().body())
                .doesNotContain(CloudApiStub.VERIFY_TOKEN, CloudApiStub.ACCESS_TOKEN, CloudApiStub.APP_SECRET);
        var read = owner.get("/api/v1/channels/whatsapp");
        assertThat(read.body()).isEqualTo(settings.body());

        var replaced = owner.put(
                "/api/v1/channels/whatsapp",
                Map.of(
                        "phoneNumberId",
                        number,
                        "accessTokenSecret",
                        "wa_token",
                        "appSecretSecret",
                        "wa_app_secret",
                        "apiBaseUrl",
                        CLOUD.baseUrl() + "/"));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.text("id")).isEqualTo(connected.channelId());
        assertThat(replaced.text("apiBaseUrl")).isEqualTo(CLOUD.baseUrl());
        assertThat(CloudApiStub.handshake(port, connected.inboundPath(), "subscribe", CloudApiStub.VERIFY_TOKEN, "42")
                        .statusCode())
                .as("the verify token is kept")
                .isEqualTo(200);

        String audit = owner.get("/api/v1/audit?limit=100").raw().body();
        assertThat(audit).contains("whatsapp_channel.updated", "wa_token", number);
        assertThat(audit).doesNotContain(CloudApiStub.VERIFY_TOKEN, CloudApiStub.ACCESS_TOKEN, CloudApiStub.APP_SECRET);

        assertThat(owner.delete("/api/v1/channels/whatsapp").status()).isEqualTo(204);
        assertThat(owner.get("/api/v1/channels/whatsapp").status()).isEqualTo(404);
        assertThat(owner.delete("/api/v1/channels/whatsapp").status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/audit?limit=100").raw().body()).contains("whatsapp_channel.deleted");
        var body = CloudApiStub.textMessage(number, "31612345678", "wamid.gone", "Hello?");
        assertThat(CloudApiStub.deliverSigned(port, connected.inboundPath(), body)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theHandshakeAnswersTheChallengeOnlyForTheVerifyToken() {
        var connected = CLOUD.connect(tenant().owner(), phoneNumberId());
        String path = connected.inboundPath();

        var ok = CloudApiStub.handshake(port, path, "subscribe", CloudApiStub.VERIFY_TOKEN, "1158201444");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        assertThat(CloudApiStub.handshake(port, path, "subscribe", "not-the-verify-token", "1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(CloudApiStub.handshake(port, path, "unsubscribe", CloudApiStub.VERIFY_TOKEN, "1")
                        .statusCode())
                .isEqualTo(403);
        var unknown = CloudApiStub.handshake(
                port, "/hooks/whatsapp/wac_nosuchchannel", "subscribe", CloudApiStub.VERIFY_TOKEN, "1");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEmpty();
    }

    @Test
    void aSignedMessageIsStoredOnceAsACustomerMessageOfItsConversation() {
        String number = phoneNumberId();
        var connected = CLOUD.connect(tenant().owner(), number);
        String text = CloudApiStub.textMessage(
                number, "31612345678", "wamid.HBgLMzE2MTIzNDU2NzgVAgA", "Can I book a table for 4?");
        String image = CloudApiStub.message(
                number,
                "31612345678",
                "wamid.image1",
                "\"type\": \"image\", \"image\": {\"id\": \"1234\", \"mime_type\": \"image/jpeg\"}");

        for (String body : List.of(text, image, text)) {
            var answer = CloudApiStub.deliverSigned(port, connected.inboundPath(), body);
            assertThat(answer.statusCode()).isEqualTo(200);
        }
        String statuses = """
                {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
                  "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "%s"},
                    "statuses": [{"id": "wamid.sent1", "status": "delivered", "timestamp": "1764752200",
                                  "recipient_id": "31612345678"}]}}]}]}""".formatted(number);
        assertThat(CloudApiStub.deliverSigned(port, connected.inboundPath(), statuses)
                        .statusCode())
                .isEqualTo(200);

        var conversation = tenant().owner().get("/api/v1/conversations/wa:+31612345678");
        assertThat(conversation.status()).as(conversation.toString()).isEqualTo(200);
        JsonNode messages = conversation.body().path("messages");
        assertThat(messages.valueStream().map(m -> m.path("text").asString()).toList())
                .as("latest first, the replayed message once, the status update ignored")
                .containsExactly("[image]", "Can I book a table for 4?");
        JsonNode first = messages.get(1);
        assertThat(first.path("role").asString()).isEqualTo("customer");
        assertThat(first.path("channel").asString()).isEqualTo("whatsapp");
        assertThat(first.path("externalId").asString()).isEqualTo("wamid.HBgLMzE2MTIzNDU2NzgVAgA");
        assertThat(first.path("at").asString()).isEqualTo("2025-12-03T08:55:00Z");
        assertThat(conversation.body().path("channel").asString()).isEqualTo("whatsapp");
        assertThat(newWorkspace()
                        .owner()
                        .get("/api/v1/conversations/wa:+31612345678")
                        .status())
                .as("never in another workspace")
                .isEqualTo(404);
    }

    @Test
    void aPostWithoutAValidSignatureIsRefusedAndNothingIsStored() {
        String number = phoneNumberId();
        var connected = CLOUD.connect(tenant().owner(), number);
        String body = CloudApiStub.textMessage(number, "31699999999", "wamid.forged", "Refund me");

        assertThat(CloudApiStub.deliver(port, connected.inboundPath(), body, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(CloudApiStub.deliver(
                                port, connected.inboundPath(), body, CloudApiStub.signature("another-app-secret", body))
                        .statusCode())
                .isEqualTo(401);
        assertThat(CloudApiStub.deliver(port, connected.inboundPath(), body, "sha256=zz")
                        .statusCode())
                .isEqualTo(401);
        String signedOther = CloudApiStub.signature(CloudApiStub.APP_SECRET, body);
        String tampered = body.replace("Refund me", "Refund me twice");
        assertThat(CloudApiStub.deliver(port, connected.inboundPath(), tampered, signedOther)
                        .statusCode())
                .as("the signature covers the raw body")
                .isEqualTo(401);

        assertThat(tenant().owner().get("/api/v1/conversations/wa:+31699999999").status())
                .isEqualTo(404);
    }

    @Test
    void anOversizedPostIsRefused() {
        var connected = CLOUD.connect(tenant().owner(), phoneNumberId());
        String body = "{\"entry\": [], \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
        assertThat(CloudApiStub.deliverSigned(port, connected.inboundPath(), body)
                        .statusCode())
                .isEqualTo(413);
    }

    @Test
    void aMessageWaitsForAPersonEvenWithoutApprovalInItsPolicyThenIsDeliveredAndJoinsTheConversation() {
        var owner = tenant().owner();
        String number = connectedNumber(tenant());
        CLOUD.accepts(number, "wamid.sent." + number);
        tenant().savePolicy("send_whatsapp_message", "none", "immediate", Map.of());

        String id = sendApprovedText(tenant(), "Your table for 4 is booked at 19:00.");
        JsonNode done = awaitStatus(owner, id, "completed");

        assertThat(done.path("result").path("messageId").asString()).isEqualTo("wamid.sent." + number);
        var sent = CLOUD.sent(number);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().getHeader("Authorization")).isEqualTo("Bearer " + CloudApiStub.ACCESS_TOKEN);
        assertThat(sent.getFirst().getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(sent.getFirst().getBodyAsString());
        assertThat(body.path("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(body.path("to").asString()).isEqualTo("+31612345678");
        assertThat(body.path("type").asString()).isEqualTo("text");
        assertThat(body.path("text").path("body").asString()).isEqualTo("Your table for 4 is booked at 19:00.");

        var conversation = owner.get("/api/v1/conversations/wa:+31612345678");
        assertThat(conversation.status()).isEqualTo(200);
        JsonNode reply = conversation.body().path("messages").get(0);
        assertThat(reply.path("role").asString()).isEqualTo("agent");
        assertThat(reply.path("text").asString()).isEqualTo("Your table for 4 is booked at 19:00.");
        assertThat(reply.path("externalId").asString()).isEqualTo("wamid.sent." + number);
    }

    @Test
    void aTemplateIsSentWithItsLanguageAndParameters() {
        String number = connectedNumber(tenant());
        CLOUD.accepts(number, "wamid.template." + number);

        String id = proposeAndApprove(
                tenant().integrationKey(),
                tenant().owner(),
                "send_whatsapp_message",
                Map.of(
                        "to",
                        "+31612345678",
                        "template",
                        Map.of("name", "order_ready", "language", "en_US", "parameters", List.of("A-17"))));
        awaitStatus(tenant().owner(), id, "completed");

        JsonNode body = JSON.readTree(CLOUD.sent(number).getFirst().getBodyAsString());
        assertThat(body.path("type").asString()).isEqualTo("template");
        assertThat(body.path("template").path("name").asString()).isEqualTo("order_ready");
        assertThat(body.path("template").path("language").path("code").asString())
                .isEqualTo("en_US");
        assertThat(body.at("/template/components/0/parameters/0/text").asString())
                .isEqualTo("A-17");
    }

    @Test
    void aRefusalOfTheCloudApiFailsAtOnceWithoutTheToken() {
        String number = connectedNumber(tenant());
        CLOUD.answers(number, 400, """
                {"error": {"message": "(#131026) Message undeliverable", "type": "OAuthException", "code": 131026,
                 "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"}}""");

        String id = sendApprovedText(tenant(), "Hello");
        JsonNode failed = awaitStatus(tenant().owner(), id, "failed");

        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("error").path("code").asString()).isEqualTo("whatsapp_rejected");
        assertThat(failed.path("error").path("retryable").asBoolean()).isFalse();
        assertThat(failed.path("error").path("message").asString())
                .contains("400", "131026", "Message undeliverable")
                .doesNotContain(CloudApiStub.ACCESS_TOKEN);
        assertThat(CLOUD.sent(number)).hasSize(1);
        assertThat(tenant().owner().get("/api/v1/conversations/wa:+31612345678").status())
                .as("nothing was sent, so the conversation has no reply")
                .isEqualTo(404);
    }

    @Test
    void anUnavailableCloudApiIsTriedAgain() {
        String number = connectedNumber(tenant());
        CLOUD.failsOnceThenAccepts(number, 503, "wamid.retried." + number);

        String id = sendApprovedText(tenant(), "Hello again");
        JsonNode done = awaitStatus(tenant().owner(), id, "completed");

        assertThat(done.path("attempts").asInt()).isEqualTo(2);
        assertThat(done.path("result").path("messageId").asString()).isEqualTo("wamid.retried." + number);
        assertThat(CLOUD.sent(number)).hasSize(2);
    }

    @Test
    void aMessageThatMayHaveArrivedIsNotSentAgainButLookedAt() {
        String number = connectedNumber(tenant());
        CLOUD.slow(number, 3000);

        String id = sendApprovedText(tenant(), "Are you there?");
        JsonNode review = awaitStatus(tenant().owner(), id, "needs_review");

        assertThat(review.path("attempts").asInt()).isEqualTo(1);
        assertThat(review.path("error").path("message").asString()).contains("may have been delivered");
        assertThat(CLOUD.sent(number)).hasSize(1);
    }

    @Test
    void aRefusedAccessTokenFailsNamingTheSecret() {
        String number = connectedNumber(tenant());
        CLOUD.answers(number, 401, """
                {"error": {"message": "Error validating access token: Session has expired", "type": "OAuthException",
                 "code": 190}}""");

        String id = sendApprovedText(tenant(), "Hi");
        JsonNode failed = awaitStatus(tenant().owner(), id, "failed");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("whatsapp_token_refused");
        assertThat(failed.path("error").path("message").asString())
                .contains("wa_token")
                .doesNotContain(CloudApiStub.ACCESS_TOKEN);
    }

    @Test
    void plainHttpReachesOnlyAnAllowedPrivateAddress() {
        String number = phoneNumberId();
        CLOUD.connect(tenant().owner(), number, CLOUD.plainBaseUrl());
        CLOUD.accepts(number, "wamid.plain." + number);

        String id = sendApprovedText(tenant(), "Hi");

        assertThat(awaitStatus(tenant().owner(), id, "completed")
                        .path("result")
                        .path("messageId")
                        .asString())
                .isEqualTo("wamid.plain." + number);
    }

    @Test
    void aDryRunShowsTheRequestWithTheTokenMaskedAndSendsNothing() {
        String number = connectedNumber(tenant());

        var dry = tenant().owner()
                .post(
                        "/api/v1/tools/send_whatsapp_message/dry-run",
                        Map.of("arguments", Map.of("to", "+31612345678", "text", "Hello")));

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode request = dry.body().path("request");
        assertThat(request.path("url").asString()).isEqualTo(CLOUD.baseUrl() + "/" + number + "/messages");
        assertThat(request.path("headers").path("Authorization").asString()).isEqualTo("Bearer ••••");
        assertThat(request.path("body").path("text").path("body").asString()).isEqualTo("Hello");
        assertThat(dry.raw().body()).doesNotContain(CloudApiStub.ACCESS_TOKEN);
        assertThat(CLOUD.sent(number)).isEmpty();
    }

    @Test
    void withoutAChannelTheMessageFailsSayingSo() {

        String id = sendApprovedText(tenant(), "Hello");
        JsonNode failed = awaitStatus(tenant().owner(), id, "failed");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("not_configured");
        assertThat(failed.path("error").path("message").asString()).contains("PUT /api/v1/channels/whatsapp");
    }
}
