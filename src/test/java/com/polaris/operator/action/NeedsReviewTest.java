package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * An external delivery whose outcome is unknown (the receiver timed out after the request was
 * sent) ends as needs_review with its full context, and a person's retry continues from there.
 * The receiver is outside the product, so a stand-in plays it: first a timeout, then a 200.
 */
@Import(NeedsReviewTest.TimingOutReceiver.class)
class NeedsReviewTest extends PostgresApiTest {

    @TestConfiguration
    static class TimingOutReceiver {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Bean
        ToolExecutor webhookStandIn() {
            return new ToolExecutor() {
                @Override
                public String tool() {
                    return "generic_webhook";
                }

                @Override
                public ToolResult execute(ToolRun run) {
                    return CALLS.incrementAndGet() == 1
                            ? new ToolResult.Failure("timeout", "The receiver did not answer after the request was sent.",
                                    false, true)
                            : new ToolResult.Success(Map.of("status", 200));
                }
            };
        }
    }

    @Test
    void uncertainOutcomeNeedsReviewAndRetryCompletesIt() {
        var tenant = newWorkspace();
        var agent = tenant.integrationKey();
        tenant.owner().put("/api/v1/tools/generic_webhook/policy",
                Map.of("approval", "none", "execution", "immediate", "businessHours", false));

        var proposed = agent.post("/api/v1/actions", LifecycleScenarios.proposal("generic_webhook", Map.of("orderId", "42")));
        assertThat(proposed.text("status")).as("external tools always wait for approval").isEqualTo("pending_approval");
        tenant.owner().post("/api/v1/approvals/" + proposed.body().path("approval").path("id").asString() + "/approve",
                Map.of());

        var review = LifecycleScenarios.awaitStatus(agent, proposed.text("id"), "needs_review");
        assertThat(review.path("error").path("code").asString()).isEqualTo("timeout");
        assertThat(review.path("conversation").path("id").asString()).isEqualTo("conv_81");
        assertThat(review.path("reason").asString()).isEqualTo("Customer asked");

        var retried = tenant.owner().post("/api/v1/actions/" + proposed.text("id") + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        var done = LifecycleScenarios.awaitStatus(agent, proposed.text("id"), "completed");
        assertThat(done.path("result").path("status").asInt()).isEqualTo(200);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
    }
}
