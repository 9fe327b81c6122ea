package com.polaris.operator.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Ids;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BookingApiTest extends PostgresApiTest {

    private static final String REQUEST = """
            {"name": "Ana Ruiz", "email": "ana@example.com", "service": "Haircut", "requestedStart": "2026-11-23T10:15:30Z"}""";

    @Autowired
    InternalTools tools;

    private String booking(String workspaceId) {
        return tools.resultField(workspaceId, "booking_request", REQUEST, "conv_5", "bookingId");
    }

    @Test
    void aBookingShowsItsStatusAndTheChangesThatLedThere() {
        String id = booking(tenant().id());
        String confirm = Ids.next("act");
        tools.run(
                tenant().id(),
                confirm,
                "update_booking_status",
                "{\"bookingId\": \"" + id + "\", \"status\": \"confirmed\"}",
                null);

        var answer = agent().get("/api/v1/bookings/" + id);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("confirmed");
        assertThat(answer.text("service")).isEqualTo("Haircut");
        assertThat(answer.text("requestedStart")).isEqualTo("2026-11-23T10:15:30Z");
        assertThat(answer.text("actionId")).startsWith("act_");
        assertThat(answer.text("conversationId")).isEqualTo("conv_5");
        var change = answer.body().path("statusChanges").get(0);
        assertThat(change.path("actionId").asString()).isEqualTo(confirm);
        assertThat(change.path("from").asString()).isEqualTo("requested");
        assertThat(change.path("to").asString()).isEqualTo("confirmed");
    }

    @Test
    void anotherWorkspacesBookingIs404() {
        var theirs = newWorkspace();
        String id = booking(tenant().id());
        theirs.owner().assertSeesNothingOf("/api/v1/bookings", id);
        assertThat(theirs.owner().get("/api/v1/bookings/" + id).text("type")).endsWith("not-found");
    }

    @Test
    void listFiltersByStatusAndPages() {
        String requested = booking(tenant().id());
        String confirmed = booking(tenant().id());
        tools.run(
                tenant().id(),
                "update_booking_status",
                "{\"bookingId\": \"" + confirmed + "\", \"status\": \"confirmed\"}",
                null);

        var all = tenant().member("reviewer").api().get("/api/v1/bookings?limit=1");
        assertThat(all.itemIds()).containsExactly(confirmed);
        var next = tenant().owner().get("/api/v1/bookings?limit=1&cursor=" + all.text("nextCursor"));
        assertThat(next.itemIds()).containsExactly(requested);

        var onlyRequested = tenant().owner().get("/api/v1/bookings?status=requested");
        assertThat(onlyRequested.itemIds()).containsExactly(requested);
        assertThat(tenant().owner().get("/api/v1/bookings?status=maybe").status())
                .isEqualTo(400);
    }
}
