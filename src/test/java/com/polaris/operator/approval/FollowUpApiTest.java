package com.polaris.operator.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An open approval is reminded, escalated and expired on the policy's schedule, each once. */
class FollowUpApiTest extends PostgresApiTest {

    @Test
    void anOpenApprovalIsRemindedThenEscalatedThenExpiresEachOnce() {
        var reviewer = tenant().member("reviewer").api();
        var saved = tenant().savePolicy(
                        "create_lead",
                        "required",
                        "immediate",
                        Map.of(
                                "reviewers",
                                Map.of("roles", List.of("reviewer")),
                                "remindAfter",
                                "PT1H",
                                "escalateAfter",
                                "PT2H",
                                "approvalExpiresAfter",
                                "PT3H"));
        assertThat(saved.body().path("policy").path("remindAfter").asString()).isEqualTo("PT1H");
        var proposed = proposeLead(agent(), "Ana Ruiz", "ana@example.com");
        String approvalId = proposed.body().path("approval").path("id").asString();
        assertThat(approval(reviewer, approvalId).path("expiresAt").asString()).isNotBlank();
        assertThat(tenant().owner().get("/api/v1/approvals?for=me").itemIds()).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !approval(reviewer, approvalId).path("remindedAt").isNull());
        var reminded = approval(reviewer, approvalId);
        assertThat(reminded.path("escalatedAt").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(60));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !approval(reviewer, approvalId).path("escalatedAt").isNull());
        var escalated = approval(reviewer, approvalId);
        assertThat(escalated.path("remindedAt").asString())
                .isEqualTo(reminded.path("remindedAt").asString());
        assertThat(escalated.path("reviewers").path("roles"))
                .extracting(node -> node.asString())
                .containsExactly("owner", "admin", "reviewer");
        assertThat(tenant().owner().get("/api/v1/approvals?for=me").itemIds()).containsExactly(approvalId);

        clock.advance(Duration.ofMinutes(60));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        approval(reviewer, approvalId).path("status").asString().equals("expired"));
        var expired = approval(reviewer, approvalId);
        assertThat(expired.path("action").path("status").asString()).isEqualTo("expired");
        assertThat(expired.path("escalatedAt").asString())
                .isEqualTo(escalated.path("escalatedAt").asString());
        assertThat(tenant().owner().get("/api/v1/approvals?for=me").itemIds()).isEmpty();
    }

    private static tools.jackson.databind.JsonNode approval(Api api, String id) {
        return api.get("/api/v1/approvals/" + id).body();
    }
}
