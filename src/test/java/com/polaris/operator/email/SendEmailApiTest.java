package com.polaris.operator.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.InputSchemas;
import com.polaris.operator.webhook.IntegrationApiTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** send_email over HTTP, received by a real (GreenMail) SMTP server. */
class SendEmailApiTest extends IntegrationApiTest {

    private static List<MimeMessage> to(String address) throws Exception {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().contains(address);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    /** A send_email action an agent proposes and the owner approves; answers its id. */
    private static String approvedEmail(Tenant tenant, Map<String, Object> arguments) {
        return proposeAndApprove(tenant.integrationKey(), tenant.owner(), "send_email", arguments);
    }

    @Test
    void anApprovedEmailArrivesWithItsHeadersAndAStableMessageId() throws Exception {
        String recipient = "ana-" + tenant().id() + "@example.com";

        String id = approvedEmail(
                tenant(),
                Map.of("to", recipient, "subject", "Your quote ✓", "body", "Hello Ana,\nhere is your quote."));
        var done = awaitStatus(tenant().owner(), id, "completed");

        String messageId = "<" + id + ".polaris@polaris.example>";
        assertThat(done.path("result").path("messageId").asString()).isEqualTo(messageId);
        var received = to(recipient);
        assertThat(received).hasSize(1);
        MimeMessage message = received.getFirst();
        assertThat(message.getMessageID()).isEqualTo(messageId);
        assertThat(message.getSubject()).isEqualTo("Your quote ✓");
        assertThat(message.getFrom()[0].toString()).contains("ops@polaris.example");
        assertThat(((String) message.getContent()).replace("\r\n", "\n")).contains("here is your quote.");
        assertThat(message.getHeader("Bcc")).isNull();
    }

    @Test
    void headerInjectionInTheSubjectIsRefusedAndNothingIsSent() throws Exception {
        String recipient = "bob-" + tenant().id() + "@example.com";

        String id = approvedEmail(
                tenant(), Map.of("to", recipient, "subject", "Hi\r\nBcc: victim@example.com", "body", "x"));
        var failed = awaitStatus(tenant().owner(), id, "failed");

        assertThat(failed.path("error").path("code").asString()).isEqualTo("invalid_email");
        assertThat(to(recipient)).isEmpty();
        assertThat(to("victim@example.com")).isEmpty();
        var badAddress = tenant().integrationKey()
                .post(
                        "/api/v1/actions",
                        proposal(
                                "send_email",
                                Map.of(
                                        "to",
                                        "a@example.com\r\nBcc: victim@example.com",
                                        "subject",
                                        "Hi",
                                        "body",
                                        "x")));
        assertThat(badAddress.status())
                .as("an address with CR/LF is refused when proposed")
                .isEqualTo(422);
    }

    @Test
    void aCustomEmailActionRendersItsTemplate() throws Exception {
        var owner = tenant().owner();
        String recipient = "team-" + tenant().id() + "@example.com";
        var created = owner.post(
                "/api/v1/tools",
                Map.of(
                        "name",
                        "email_team",
                        "title",
                        "Email the team",
                        "base",
                        "send_email",
                        "inputSchema",
                        InputSchemas.requiring("customer", "string"),
                        "config",
                        Map.of(
                                "to",
                                recipient,
                                "subject",
                                "New customer {{args.customer}}",
                                "body",
                                "{{args.customer}} wrote in {{conversation.id}}",
                                "html",
                                "<p>{{args.customer}}</p>")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().has("signingSecret")).isFalse();
        assertThat(owner.post("/api/v1/tools/email_team/publish", null).status())
                .isEqualTo(200);

        String id = proposeAndApprove(agent(), owner, "email_team", Map.of("customer", "Ana"));
        awaitStatus(owner, id, "completed");

        var received = to(recipient);
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().getSubject()).isEqualTo("New customer Ana");
        assertThat(received.getFirst().getContentType()).startsWith("multipart/alternative");
    }
}
