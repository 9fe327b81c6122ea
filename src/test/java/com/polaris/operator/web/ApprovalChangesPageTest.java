package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.PostgresApiTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A retry whose edits need a person shows reviewers, in the inbox, what changed since the last approval. */
class ApprovalChangesPageTest extends PostgresApiTest {

    @Test
    void theInboxShowsWhatAnEditedRetryChangedSinceTheLastApproval() {
        var tenant = newWorkspace();
        var owner = tenant.owner();
        for (String tool : new String[] {"booking_request", "update_booking_status"}) {
            tenant.savePolicy(
                    tool,
                    tool.equals("booking_request") ? "none" : "required",
                    "immediate",
                    Map.of("businessHours", false));
        }
        var agent = tenant.integrationKey();
        String bookingId = agent.post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "booking_request",
                                "arguments",
                                Map.of(
                                        "name",
                                        "Ana Ruiz",
                                        "email",
                                        "ana@example.com",
                                        "service",
                                        "Haircut",
                                        "requestedStart",
                                        "2026-12-01T10:00:00Z")))
                .body()
                .path("result")
                .path("bookingId")
                .asString();
        var proposed = proposeMissingBookingConfirmation(agent);
        owner.post(
                "/api/v1/approvals/"
                        + proposed.body().path("approval").path("id").asString() + "/approve",
                Map.of());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> agent.get("/api/v1/actions/" + proposed.text("id"))
                        .text("status")
                        .equals("failed"));
        var retried = owner.post(
                "/api/v1/actions/" + proposed.text("id") + "/retry",
                Map.of("arguments", Map.of("bookingId", bookingId, "status", "confirmed")));
        assertThat(retried.text("status")).isEqualTo("pending_approval");

        String email = tenant.addMember("reviewer", "Rita");
        var inbox = ConsoleClient.signIn("http://localhost:" + port, email, MEMBER_PASSWORD)
                .get("/approvals")
                .document();

        var card = inbox.getElementById(
                "approval-" + retried.body().path("approval").path("id").asString());
        assertThat(card).isNotNull();
        var table = card.selectFirst("table.diff");
        assertThat(table).isNotNull();
        assertThat(table.selectFirst("caption").text()).isEqualTo("Changed since it was last approved");
        assertThat(table.select("tbody tr").text()).contains("bookingId", "bkg_missing", bookingId);
    }
}
