package com.polaris.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.polaris.operator.Api;
import com.polaris.operator.CustomActions;
import com.polaris.operator.PostgresApiTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service wired to real local receivers: an HTTPS webhook receiver on 127.0.0.1 with a
 * self-signed certificate (trusted through {@code POLARIS_WEBHOOKS_TRUSTED_CERTS}, reachable through
 * {@code POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS}) and a GreenMail SMTP server. Both live for the JVM,
 * so every test class on this base shares one application; tests keep apart by path and recipient.
 */
public abstract class IntegrationApiTest extends PostgresApiTest {

    protected static final HttpsReceiver RECEIVER = HttpsReceiver.start();
    protected static final GreenMail SMTP = startSmtp();

    private static GreenMail startSmtp() {
        var greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        return greenMail;
    }

    @DynamicPropertySource
    static void receivers(DynamicPropertyRegistry registry) {
        registry.add("polaris.webhooks.allowed-private-cidrs", () -> "127.0.0.0/8,::1/128");
        registry.add(
                "polaris.webhooks.trusted-certs",
                () -> HttpsReceiver.CERTIFICATE.toAbsolutePath().toString());
        registry.add("polaris.webhooks.read-timeout", () -> "1500ms");
        registry.add("polaris.smtp.host", () -> "127.0.0.1");
        registry.add("polaris.smtp.port", () -> SMTP.getSmtp().getPort());
        registry.add("polaris.smtp.starttls", () -> "false");
        registry.add("polaris.smtp.from", () -> "Polaris <ops@polaris.example>");
    }

    protected static String hookUrl(String path) {
        return RECEIVER.url("localhost", path);
    }

    /** The input of the order actions: an integer orderId, required, and a note. */
    protected static final Map<String, Object> ORDER_SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of("orderId", Map.of("type", "integer"), "note", Map.of("type", "string")),
            "required",
            List.of("orderId"));

    /** The messages the SMTP server received whose first recipient is {@code address}, in order. */
    protected static List<MimeMessage> mailTo(String address) {
        return mailTo(address, "");
    }

    /** Those of {@link #mailTo(String)} whose subject starts with {@code subjectStart}. */
    protected static List<MimeMessage> mailTo(String address, String subjectStart) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(address)
                                && (subjectStart.isEmpty() || m.getSubject().startsWith(subjectStart));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    /** A custom webhook action posting to {@code path} on the receiver; answers the creation (with its signing secret). */
    protected static Api.Response createWebhookAction(
            Api owner, String name, String path, Map<String, ?> headers, Object body) {
        return published(
                owner,
                owner.post(
                        "/api/v1/tools",
                        CustomActions.notifyCrm(
                                name, ORDER_SCHEMA, Map.of("url", hookUrl(path), "headers", headers, "body", body))));
    }

    /** Creates and publishes {@code order_paid}, a webhook action posting the order's id to {@code path}. */
    protected static void createOrderPaidAction(Api owner, String path) {
        var created = createWebhookAction(owner, "order_paid", path, Map.of(), Map.of("orderId", "{{args.orderId}}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    /**
     * Creates {@code order_paid} in the test's own workspace, posting to {@code path}, with a policy of
     * {@code approval} and {@code execution} at any hour and one attempt: a failure or an unknown
     * outcome waits for a person at once.
     */
    protected void orderPaidTriedOnce(String path, String approval, String execution) {
        createOrderPaidAction(tenant().owner(), path);
        tenant().savePolicy(
                        "order_paid",
                        approval,
                        execution,
                        Map.of("businessHours", false, "retry", Map.of("maxAttempts", 1)));
    }

    /** {@code created}, a custom action's creation, once its draft is published (agents may then propose it). */
    protected static Api.Response published(Api owner, Api.Response created) {
        if (created.status() == 201) {
            var publish = owner.post("/api/v1/tools/" + created.text("name") + "/publish", null);
            assertThat(publish.status()).as(publish.toString()).isEqualTo(200);
        }
        return created;
    }

    protected static Map<String, Object> proposal(String tool, Map<String, Object> arguments) {
        return Map.of(
                "tool",
                tool,
                "arguments",
                arguments,
                "conversation",
                Map.of("id", "conv_81", "channel", "whatsapp", "excerpt", "Hi"),
                "reason",
                "Customer asked");
    }

    /** Proposes, approves as the owner, and answers the action's id. */
    protected static String proposeAndApprove(Api agent, Api owner, String tool, Map<String, Object> arguments) {
        var proposed = agent.post("/api/v1/actions", proposal(tool, arguments));
        org.assertj.core.api.Assertions.assertThat(proposed.status())
                .as(proposed.toString())
                .isEqualTo(201);
        org.assertj.core.api.Assertions.assertThat(proposed.text("status")).isEqualTo("pending_approval");
        var approved = owner.post(
                "/api/v1/approvals/"
                        + proposed.body().path("approval").path("id").asString() + "/approve",
                Map.of());
        org.assertj.core.api.Assertions.assertThat(approved.status())
                .as(approved.toString())
                .isEqualTo(200);
        return proposed.text("id");
    }

    /**
     * Proposes {@code tool} as {@code tenant}'s integration key, approves it as the owner and waits
     * until the action is {@code status}; answers the action's id.
     */
    protected static String approvedUntil(Tenant tenant, String tool, Map<String, Object> arguments, String status) {
        String id = proposeAndApprove(tenant.integrationKey(), tenant.owner(), tool, arguments);
        awaitStatus(tenant.owner(), id, status);
        return id;
    }

    /** The receiver's first delivery to {@code path}, waited for up to 20 seconds. */
    protected static HttpsReceiver.Delivery firstDelivery(String path) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.deliveries(path).isEmpty());
        return RECEIVER.deliveries(path).getFirst();
    }

    /** The receiver's one delivery to {@code path}, once no second one followed it for two seconds. */
    protected static HttpsReceiver.Delivery onlyDelivery(String path) {
        var first = firstDelivery(path);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.deliveries(path).size() == 1);
        return first;
    }

    /** Background runs are claimed every 50 ms here: long enough for one that should not happen to show. */
    protected static void sleepPastAPoll() {
        try {
            Thread.sleep(Duration.ofMillis(400));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
