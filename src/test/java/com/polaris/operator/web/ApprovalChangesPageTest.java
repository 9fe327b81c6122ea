package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.booking.BookingRequests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A retry whose edits need a person shows reviewers, in the inbox, what changed since the last approval. */
class ApprovalChangesPageTest extends PostgresApiTest {

    @Test
    void theInboxShowsWhatAnEditedRetryChangedSinceTheLastApproval() {
        var owner = tenant().owner();
        tenant().savePolicy("booking_request", "none", "immediate", Map.of("businessHours", false));
        tenant().savePolicy("update_booking_status", "required", "immediate", Map.of("businessHours", false));
        String bookingId = agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "booking_request",
                                "arguments",
                                BookingRequests.haircut("Ana Ruiz", "ana@example.com", "2026-12-01T10:00:00Z")))
                .body()
                .path("result")
                .path("bookingId")
                .asString();
        var proposed = proposeMissingBookingConfirmation(agent());
        approveAs(owner, acceptedApproval(proposed));
        awaitStatus(agent(), proposed.text("id"), "failed");
        var retried = owner.post(
                "/api/v1/actions/" + proposed.text("id") + "/retry",
                Map.of("arguments", Map.of("bookingId", bookingId, "status", "confirmed")));
        assertThat(retried.text("status")).isEqualTo("pending_approval");

        String email = tenant().addMember("reviewer", "Rita");
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
