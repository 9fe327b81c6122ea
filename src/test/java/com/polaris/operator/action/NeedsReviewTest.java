package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An external delivery whose outcome is unknown (the receiver took longer than the read timeout
 * after the request was sent) ends as needs_review with its full context, and a person's retry
 * continues from there as the same delivery. The receiver is a real local HTTPS server.
 */
class NeedsReviewTest extends IntegrationApiTest {

    @Test
    void uncertainOutcomeNeedsReviewAndRetryCompletesIt() {
        String path = "/needs-review/" + tenant().id();
        orderPaidTriedOnce(path, "none", "immediate");
        RECEIVER.then(path, HttpsReceiver.Reply.slow(3000));

        var proposed =
                agent().post("/api/v1/actions", LifecycleScenarios.proposal("order_paid", Map.of("orderId", 42)));
        assertThat(proposed.text("status"))
                .as("external tools always wait for approval")
                .isEqualTo("pending_approval");
        tenant().owner()
                .post(
                        "/api/v1/approvals/"
                                + proposed.body().path("approval").path("id").asString() + "/approve",
                        Map.of());

        var review = awaitStatus(agent(), proposed.text("id"), "needs_review");
        assertThat(review.path("error").path("code").asString()).isEqualTo("timeout");
        assertThat(review.path("conversation").path("id").asString()).isEqualTo("conv_81");
        assertThat(review.path("reason").asString()).isEqualTo("Customer asked");

        var retried = tenant().owner().post("/api/v1/actions/" + proposed.text("id") + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        var done = awaitStatus(agent(), proposed.text("id"), "completed");
        assertThat(done.path("result").path("status").asInt()).isEqualTo(200);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
        assertThat(RECEIVER.deliveries(path))
                .hasSize(2)
                .extracting(d -> d.header("webhook-id"))
                .containsOnly("msg_" + proposed.text("id"));
    }
}
