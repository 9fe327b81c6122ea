package com.polaris.operator.operator;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.webhook.IntegrationApiTest;
import com.polaris.operator.whatsapp.CloudApiStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole story on PostgreSQL, with local stand-ins for the model and the WhatsApp Cloud API: a
 * customer writes on WhatsApp, the operator prepares a booking request from the conversation, a person
 * approves it and it completes, and the reply the team writes goes back to the customer through an
 * approved send_whatsapp_message, delivered to the Cloud API and kept in the conversation.
 */
class WhatsAppStoryTest extends IntegrationApiTest {

    private static final CloudApiStub CLOUD = new CloudApiStub();
    private static final String PHONE_NUMBER_ID = "106540352249999";
    private static final String CUSTOMER = "+34600111222";

    @AfterAll
    static void stop() {
        CLOUD.close();
    }

    @Test
    void aWhatsAppMessageBecomesAnApprovedBookingAndAnApprovedReply() throws Exception {
        Api owner = tenant().owner();
        var channel = CLOUD.connect(owner, PHONE_NUMBER_ID);
        CLOUD.accepts(PHONE_NUMBER_ID, "wamid.reply-1");
        String path = "/story/v1/chat/completions";
        OperatorApiTest.MODEL.stubFor(post(urlEqualTo(path))
                .willReturn(okJson(OperatorApiTest.toolCall(
                        "The customer asks for a table for four on Friday at 20:00.",
                        "booking_request",
                        "{\"name\": \"Lucía Pérez\", \"phone\": \"" + CUSTOMER + "\", \"service\": \"Table for four\","
                                + " \"requestedStart\": \"2026-12-04T20:00:00Z\"}"))));
        tenant().useModel("sk-story", "http://127.0.0.1:" + OperatorApiTest.MODEL.port() + "/story/v1", Map.of());

        // The customer writes; the Cloud API posts it, signed.
        String inbound = CloudApiStub.textMessage(
                PHONE_NUMBER_ID,
                CUSTOMER.substring(1),
                "wamid.in-1",
                "Hi! A table for four this Friday at 8pm, please. I'm Lucía.");
        var delivered = CloudApiStub.deliverSigned(port, channel.inboundPath(), inbound);
        assertThat(delivered.statusCode()).isEqualTo(200);
        String conversationId = "wa:" + CUSTOMER;
        assertThat(owner.get("/api/v1/conversations/" + conversationId).body().path("messages"))
                .hasSize(1);

        // A member asks the operator to prepare; it waits for a person, as operator-prepared actions do.
        var prepared = agent().post("/api/v1/conversations/" + conversationId + "/prepare", null);
        assertThat(prepared.status()).as(prepared.toString()).isEqualTo(201);
        JsonNode booking = prepared.body().path("action");
        assertThat(booking.path("tool").asString()).isEqualTo("booking_request");
        assertThat(booking.path("status").asString()).isEqualTo("pending_approval");
        assertThat(booking.path("requestedBy").path("type").asString()).isEqualTo("operator");

        // The reviewer sees the customer's words with the approval, and approves.
        String approvalId = booking.path("approval").path("id").asString();
        JsonNode approval = owner.get("/api/v1/approvals/" + approvalId).body();
        assertThat(approval.path("conversationMessages").path(0).path("text").asString())
                .contains("table for four");
        approveAs(owner, approvalId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> agent().get("/api/v1/actions/" + booking.path("id").asString())
                        .text("status")
                        .equals("completed"));

        // The team's reply: an external tool, so a person approves it even though nobody asked.
        var reply = agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "send_whatsapp_message",
                                "arguments",
                                Map.of("to", CUSTOMER, "text", "Booked: a table for four on Friday at 20:00. See you!"),
                                "conversation",
                                Map.of("id", conversationId, "channel", "whatsapp")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.text("status")).isEqualTo("pending_approval");
        assertThat(CLOUD.sent(PHONE_NUMBER_ID))
                .as("nothing sent before approval")
                .isEmpty();
        String replyApproval = reply.body().path("approval").path("id").asString();
        approveAs(owner, replyApproval);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> agent().get("/api/v1/actions/" + reply.text("id"))
                        .text("status")
                        .equals("completed"));

        var sent = CLOUD.sent(PHONE_NUMBER_ID);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().getHeader("Authorization")).isEqualTo("Bearer " + CloudApiStub.ACCESS_TOKEN);
        JsonNode body = JsonMapper.shared().readTree(sent.getFirst().getBodyAsString());
        assertThat(body.path("to").asString()).isEqualTo(CUSTOMER);
        assertThat(body.path("text").path("body").asString()).startsWith("Booked: a table for four");
        assertThat(agent().get("/api/v1/actions/" + reply.text("id"))
                        .body()
                        .path("result")
                        .path("messageId")
                        .asString())
                .isEqualTo("wamid.reply-1");
        var messages =
                owner.get("/api/v1/conversations/" + conversationId).body().path("messages");
        assertThat(messages.path(0).path("text").asString()).startsWith("Booked: a table for four");
        assertThat(messages.path(1).path("role").asString()).isEqualTo("customer");
    }
}
