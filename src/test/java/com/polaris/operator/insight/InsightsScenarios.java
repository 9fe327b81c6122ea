package com.polaris.operator.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import com.polaris.operator.Ids;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Insights over HTTP: figures that match a hand count of a history, periods, suggestions and who may ask. */
abstract class InsightsScenarios extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    static Map<String, Object> lead(int n) {
        return Map.of(
                "tool",
                "create_lead",
                "arguments",
                Map.of("name", "Lead " + n, "email", "lead" + n + "@example.com"),
                "reason",
                "Customer asked");
    }

    static JsonNode item(Api.Response answer, String tool) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body()
                .path("items")
                .valueStream()
                .filter(i -> i.path("tool").asString().equals(tool))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item for " + tool + " in " + answer));
    }

    static String around(Instant from, Instant to) {
        return "?from=" + from.minus(1, ChronoUnit.MINUTES) + "&to=" + to.plus(1, ChronoUnit.MINUTES);
    }

    @Test
    void figuresMatchAHandCountOfTheHistory() {
        var agent = tenant().integrationKey();
        var reviewer = tenant().member("reviewer");
        Instant start = clock.instant();
        var proposed = new ArrayList<Api.Response>();
        for (int i = 0; i < 8; i++) {
            var answer = agent.post("/api/v1/actions", lead(i));
            assertThat(answer.text("status")).as(answer.toString()).isEqualTo("pending_approval");
            proposed.add(answer);
        }
        var test = tenant().owner()
                .post(
                        "/api/v1/tools/create_lead/test-runs",
                        Map.of("arguments", Map.of("name", "Test", "email", "test@example.com")));
        assertThat(test.status()).as(test.toString()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            approveAs(reviewer.api(), acceptedApproval(proposed.get(i)));
        }
        var edited = reviewer.api()
                .post(
                        "/api/v1/approvals/" + acceptedApproval(proposed.get(3)) + "/approve",
                        Map.of("arguments", Map.of("name", "Lead 3", "email", "lead3@example.org")));
        assertThat(edited.text("status")).as(edited.toString()).isEqualTo("approved");
        for (int i = 4; i < 7; i++) {
            String reason = i == 6 ? "Duplicate lead" : "Spam";
            var rejected = reviewer.api()
                    .post(
                            "/api/v1/approvals/" + acceptedApproval(proposed.get(i)) + "/reject",
                            Map.of("reason", reason));
            assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        }
        tenant().savePolicy("update_booking_status", "none", "immediate", Map.of("businessHours", false));
        var failed = proposeMissingBookingConfirmation(agent);
        assertThat(failed.text("status")).as(failed.toString()).isEqualTo("failed");
        for (int i = 0; i < 4; i++) {
            awaitStatus(agent, proposed.get(i).text("id"), "completed");
        }
        clock.advance(Duration.ofDays(8));
        awaitStatus(agent, proposed.get(7).text("id"), "expired");

        var answer = reviewer.api().get("/api/v1/insights/tools" + around(start, clock.instant()));

        assertThat(answer.body().path("items").findValuesAsString("tool"))
                .containsExactly("create_lead", "update_booking_status");
        var leads = item(answer, "create_lead");
        assertThat(leads.path("proposals").asLong()).isEqualTo(8);
        assertThat(leads.path("approvalsAsked").asLong()).isEqualTo(8);
        assertThat(leads.path("approved").asLong()).isEqualTo(4);
        assertThat(leads.path("approvedUnedited").asLong()).isEqualTo(3);
        assertThat(leads.path("edited").asLong()).isEqualTo(1);
        assertThat(leads.path("rejected").asLong()).isEqualTo(3);
        assertThat(leads.path("expired").asLong()).isEqualTo(1);
        assertThat(leads.path("completed").asLong()).isEqualTo(4);
        assertThat(leads.path("failed").asLong()).isZero();
        assertThat(leads.path("needsReview").asLong()).isZero();
        assertThat(leads.path("medianSecondsToDecision").asLong()).isBetween(600L, 700L);
        assertThat(leads.path("topRejectionReasons").toString())
                .isEqualTo("[{\"reason\":\"Spam\",\"count\":2},{\"reason\":\"Duplicate lead\",\"count\":1}]");
        assertThat(leads.path("suggestion").isNull()).isTrue();
        var bookings = item(answer, "update_booking_status");
        assertThat(bookings.path("proposals").asLong()).isEqualTo(1);
        assertThat(bookings.path("approvalsAsked").asLong()).isZero();
        assertThat(bookings.path("approved").asLong()).isZero();
        assertThat(bookings.path("failed").asLong()).isEqualTo(1);
        assertThat(bookings.path("completed").asLong()).isZero();
        assertThat(bookings.path("medianSecondsToDecision").isNull()).isTrue();
        assertThat(bookings.path("topRejectionReasons").isEmpty()).isTrue();
        assertThat(bookings.path("suggestion").isNull()).isTrue();
    }

    @Test
    void onlyTheProposalsCreatedInThePeriodCount() {
        tenant().savePolicy("create_lead", "none", "immediate", Map.of("businessHours", false));
        var agent = tenant().integrationKey();
        Instant first = clock.instant();
        assertThat(agent.post("/api/v1/actions", lead(1)).text("status")).isEqualTo("completed");
        clock.advance(Duration.ofDays(40));
        assertThat(agent.post("/api/v1/actions", lead(2)).text("status")).isEqualTo("completed");
        assertThat(agent.post("/api/v1/actions", lead(3)).text("status")).isEqualTo("completed");
        var owner = tenant().owner();

        var lastThirtyDays = owner.get("/api/v1/insights/tools");
        assertThat(item(lastThirtyDays, "create_lead").path("proposals").asLong())
                .isEqualTo(2);
        assertThat(item(lastThirtyDays, "create_lead").path("completed").asLong())
                .isEqualTo(2);
        Instant from = Instant.parse(lastThirtyDays.text("from"));
        Instant to = Instant.parse(lastThirtyDays.text("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(30));
        assertThat(to).isBetween(clock.instant().minusSeconds(60), clock.instant());

        LocalDate day = LocalDate.ofInstant(first, ZoneOffset.UTC);
        var thatDay = owner.get("/api/v1/insights/tools?from=" + day + "&to=" + day);
        assertThat(thatDay.text("from")).isEqualTo(day + "T00:00:00Z");
        assertThat(thatDay.text("to")).isEqualTo(day.plusDays(1) + "T00:00:00Z");
        assertThat(item(thatDay, "create_lead").path("proposals").asLong()).isEqualTo(1);

        var both = owner.get("/api/v1/insights/tools" + around(first, clock.instant()));
        assertThat(item(both, "create_lead").path("proposals").asLong()).isEqualTo(3);

        var none = owner.get("/api/v1/insights/tools?from=2020-01-01&to=2020-01-31");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().path("items").isEmpty()).isTrue();
    }

    @Test
    void reviewAppearsSafeToRelaxOnlyAfterFiftyDecisionsAlmostAllApprovedUnedited() {
        var agent = tenant().integrationKey();
        var reviewer = tenant().member("reviewer");
        Instant start = clock.instant();
        var approvals = new ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            var proposed = agent.post("/api/v1/actions", lead(i));
            assertThat(proposed.text("status")).as(proposed.toString()).isEqualTo("pending_approval");
            approvals.add(acceptedApproval(proposed));
        }
        var decided = reviewer.api()
                .post(
                        "/api/v1/approvals/decisions",
                        Map.of("ids", approvals.subList(0, 49), "decision", "approve", "comment", "Fine"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);

        var fortyNine =
                item(reviewer.api().get("/api/v1/insights/tools" + around(start, clock.instant())), "create_lead");
        assertThat(fortyNine.path("approvedUnedited").asLong()).isEqualTo(49);
        assertThat(fortyNine.path("suggestion").isNull())
                .as("49 decisions are not enough")
                .isTrue();

        reviewer.api().post("/api/v1/approvals/" + approvals.get(49) + "/approve", Map.of());
        var fifty = item(reviewer.api().get("/api/v1/insights/tools" + around(start, clock.instant())), "create_lead");

        assertThat(fifty.path("approvedUnedited").asLong()).isEqualTo(50);
        var suggestion = fifty.path("suggestion");
        assertThat(suggestion.path("kind").asString()).isEqualTo("relax_review");
        assertThat(suggestion.path("text").asString()).contains("may be safe to relax review");
        assertThat(suggestion.path("evidence").asString()).startsWith("50 of 50 decisions approved unedited (100.0 %)");
        assertThat(agent.post("/api/v1/actions", lead(50)).text("status"))
                .as("a suggestion changes nothing")
                .isEqualTo("pending_approval");
    }

    @Test
    void reviewIsSuggestedForAToolThatRunsWithoutApprovalAndOftenFails() {
        Instant now = clock.instant();
        for (int i = 0; i < 19; i++) {
            insertAction(tenant().id(), "send_notification", i < 2 ? "failed" : "completed", false, now);
        }
        insertAction(tenant().id(), "send_notification", "failed", true, now);
        var owner = tenant().owner();

        var nineteen = item(owner.get("/api/v1/insights/tools" + around(now, now)), "send_notification");
        assertThat(nineteen.path("proposals").asLong())
                .as("test runs do not count")
                .isEqualTo(19);
        assertThat(nineteen.path("failed").asLong()).isEqualTo(2);
        assertThat(nineteen.path("suggestion").isNull())
                .as("19 runs are not enough")
                .isTrue();

        insertAction(tenant().id(), "send_notification", "completed", false, now);
        var twenty = item(owner.get("/api/v1/insights/tools" + around(now, now)), "send_notification");

        var suggestion = twenty.path("suggestion");
        assertThat(suggestion.path("kind").asString()).isEqualTo("add_review");
        assertThat(suggestion.path("evidence").asString())
                .isEqualTo("2 of 20 runs without approval failed or need review (10.0 %).");
    }

    /** An action as a proposal that asked no person stores it, already run to {@code status}. */
    private void insertAction(String workspaceId, String tool, String status, boolean test, Instant at) {
        jdbc.sql("""
                        insert into actions (id, workspace_id, tool, status, arguments, request_review,
                            requested_by_type, requested_by_id, requested_by_name, decision, attempts,
                            created_at, updated_at, test)
                        values (?, ?, ?, ?, '{}', false, 'api_key', 'key_seed', 'Chatbot',
                            '{"approval":"not_required","execution":"immediate"}', 1, ?, ?, ?)""")
                .params(Ids.next("act"), workspaceId, tool, status, Timestamp.from(at), Timestamp.from(at), test)
                .update();
    }

    @Test
    void membersOfEveryRoleMayAskButIntegrationKeysMayNot() {
        assertThat(tenant().member("viewer").api().get("/api/v1/insights/tools").status())
                .isEqualTo(200);
        assertThat(tenant().member("reviewer")
                        .api()
                        .get("/api/v1/insights/tools")
                        .status())
                .isEqualTo(200);
        var key = tenant().integrationKey().get("/api/v1/insights/tools");
        assertThat(key.status()).isEqualTo(403);
        assertThat(key.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous().get("/api/v1/insights/tools").status()).isEqualTo(401);
    }

    @Test
    void aBadPeriodIsABadParameter() {
        var owner = tenant().owner();
        for (String query : List.of(
                "?from=2026-05-02&to=2026-05-01",
                "?from=2026-05-01T10:00:00Z&to=2026-05-01T09:00:00Z",
                "?from=2025-01-01&to=2026-01-02",
                "?from=yesterday",
                "?to=2026-13-01",
                "?from=2026-05-01T25:00:00Z",
                "?from=1800-01-01&to=1800-01-02")) {
            var answer = owner.get("/api/v1/insights/tools" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.text("type")).as(query).endsWith("bad-parameter");
        }
        assertThat(owner.get("/api/v1/insights/tools?from=2025-01-01&to=2025-12-31")
                        .status())
                .as("a year is not too long")
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/insights/tools?from=2026-05-01T10:00:00Z&to=2026-05-01T10:00:00Z")
                        .status())
                .isEqualTo(200);
    }
}
