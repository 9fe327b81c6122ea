package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * No content reaches a tool without the approval its policy asks for: not through a retry with
 * edited arguments, a changed custom action, a policy that changed while a run waited, nor content
 * changed behind the service's back. Each path is tried with many contents, against real PostgreSQL
 * and a real local HTTPS receiver.
 */
class ApprovalGateTest extends IntegrationApiTest {

    @Autowired
    JdbcClient jdbc;

    static final List<String> BOOKING_STATUSES = List.of("confirmed", "cancelled", "completed", "no_show");
    /** The statuses a booking that was only requested may move to; the others end the action failed. */
    static final List<String> FROM_REQUESTED = List.of("confirmed", "cancelled");

    /** Edits a reviewer might make to a failed booking change: every status, with a real booking or another missing one. */
    static Stream<Arguments> bookingEdits() {
        return BOOKING_STATUSES.stream()
                .flatMap(status -> Stream.of(Arguments.of(status, true), Arguments.of(status, false)));
    }

    @ParameterizedTest(name = "status {0}, real booking {1}")
    @MethodSource("bookingEdits")
    void editedRetryOfAnApprovedChangeWaitsForANewApprovalAndRunsOnlyWhatItApproves(
            String status, boolean realBooking) {
        String bookingId = requestedBooking("required");
        String actionId = proposeAndApprove(
                agent(),
                tenant().owner(),
                "update_booking_status",
                Map.of("bookingId", "bkg_missing", "status", "confirmed"));
        var failed = awaitStatus(agent(), actionId, "failed");
        String firstApproval = failed.path("approval").path("id").asString();
        var reviewer = tenant().member("reviewer").api();

        String target = realBooking ? bookingId : "bkg_other_missing";
        var retried = LifecycleScenarios.retryEdited(reviewer, actionId, target, status);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("pending_approval");
        String secondApproval = retried.body().path("approval").path("id").asString();
        assertThat(secondApproval).isNotEqualTo(firstApproval);
        assertThat(retried.body().path("approval").path("status").asString()).isEqualTo("pending");
        assertThat(retried.body().path("decision").path("approval").asString()).isEqualTo("required");
        assertThat(bookingStatus(bookingId)).isEqualTo("requested");

        var approval = tenant().owner().get("/api/v1/approvals/" + secondApproval);
        assertThat(approval.text("status")).isEqualTo("pending");
        assertThat(approval.body()
                        .path("changes")
                        .valueStream()
                        .map(c -> c.path("field").asString())
                        .toList())
                .contains("bookingId");
        assertThat(approval.body()
                        .path("action")
                        .path("arguments")
                        .path("status")
                        .asString())
                .isEqualTo(status);
        assertThat(tenant().owner()
                        .post("/api/v1/approvals/" + firstApproval + "/approve", Map.of())
                        .status())
                .as("the first approval covered other content")
                .isEqualTo(409);

        approveAs(tenant().owner(), secondApproval);
        var end = awaitFinal(agent(), actionId);
        if (realBooking && FROM_REQUESTED.contains(status)) {
            assertThat(end.path("status").asString()).isEqualTo("completed");
            assertThat(bookingStatus(bookingId)).isEqualTo(status);
        } else {
            assertThat(end.path("status").asString()).isEqualTo("failed");
            assertThat(bookingStatus(bookingId)).isEqualTo("requested");
        }
        assertThat(LifecycleScenarios.eventTypes(end))
                .containsSubsequence(
                        "approval.approved",
                        "action.failed",
                        "action.retried",
                        "approval.requested",
                        "approval.approved",
                        "action.started");
    }

    @Test
    void theRequesterMayRetryOnlyUnchanged() {
        String bookingId = requestedBooking("required");
        var requester = tenant().member("reviewer").api();
        String actionId = failedAfterApproval(requester.post(
                "/api/v1/actions",
                proposal("update_booking_status", Map.of("bookingId", "bkg_missing", "status", "confirmed"))));

        for (String status : BOOKING_STATUSES) {
            var edited = LifecycleScenarios.retryEdited(requester, actionId, bookingId, status);
            assertThat(edited.status()).as(edited.toString()).isEqualTo(403);
        }
        var unchanged = agent().get("/api/v1/actions/" + actionId).body();
        assertThat(unchanged.path("status").asString()).isEqualTo("failed");
        assertThat(unchanged.path("arguments").path("bookingId").asString()).isEqualTo("bkg_missing");
        assertThat(bookingStatus(bookingId)).isEqualTo("requested");

        var same = LifecycleScenarios.retryEdited(requester, actionId, "bkg_missing", "confirmed");
        assertThat(same.status()).as("the same arguments are no edit").isEqualTo(200);
        var again = awaitStatus(agent(), actionId, "failed");
        assertThat(again.path("attempts").asInt())
                .as("it ran what was approved, once more")
                .isEqualTo(2);
    }

    /** Order ids a reviewer might put into a failed delivery instead of the approved one. */
    static IntStream otherOrderIds() {
        return new Random(13).ints(10, 1, 1_000_000).filter(id -> id != 42);
    }

    @ParameterizedTest(name = "order {0}")
    @MethodSource("otherOrderIds")
    void anEditedDeliveryIsNotSentUntilItsNewContentIsApproved(int orderId) {
        String path = "/gate-edit/" + tenant().id();
        String actionId = failedOrderPaid(path, HttpsReceiver.Reply.status(400), HttpsReceiver.Reply.status(200));

        var retried = tenant().member("admin")
                .api()
                .post("/api/v1/actions/" + actionId + "/retry", Map.of("arguments", Map.of("orderId", orderId)));

        assertThat(retried.text("status")).as(retried.toString()).isEqualTo("pending_approval");
        sleepPastAPoll();
        assertThat(RECEIVER.deliveries(path)).hasSize(1);
        approvePending(tenant().owner(), retried.body());
        awaitStatus(agent(), actionId, "completed");
        assertThat(RECEIVER.deliveries(path))
                .extracting(d -> orderIdOf(d.body()))
                .containsExactly(42, orderId);
    }

    @Test
    void anUnchangedRetryRunsWhatWasApproved() {
        String path = "/gate-same/" + tenant().id();
        String actionId = failedOrderPaid(path, HttpsReceiver.Reply.status(400), HttpsReceiver.Reply.status(200));

        var retried = tenant().owner().post("/api/v1/actions/" + actionId + "/retry", null);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.text("status")).isIn("queued", "running", "completed");
        awaitStatus(agent(), actionId, "completed");
        assertThat(RECEIVER.deliveries(path))
                .extracting(d -> orderIdOf(d.body()))
                .containsExactly(42, 42);
    }

    @Test
    void aCustomActionChangedAfterItsApprovalAsksAgainBeforeItSends() {
        String path = "/gate-changed/" + tenant().id();
        String elsewhere = path + "/elsewhere";
        String actionId = failedOrderPaid(path, HttpsReceiver.Reply.status(400));
        var changed = tenant().owner()
                .put(
                        "/api/v1/tools/order_paid",
                        Map.of(
                                "title",
                                "Notify the CRM",
                                "description",
                                "Posts the order elsewhere",
                                "inputSchema",
                                ORDER_SCHEMA,
                                "config",
                                Map.of("url", hookUrl(elsewhere), "body", Map.of("orderId", "{{args.orderId}}"))));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        var retried = retryWaitsForAPerson(actionId, "differs from what was approved", elsewhere);

        approvePending(tenant().member("reviewer").api(), retried);
        awaitStatus(agent(), actionId, "completed");
        assertThat(RECEIVER.deliveries(elsewhere)).hasSize(1);
    }

    @Test
    void aRetryNeedsAPersonWhenThePolicyNowAsksForOne() {
        String bookingId = requestedBooking("none");
        var failed = proposeCancellingMissingBooking();
        assertThat(failed.text("status")).isEqualTo("failed");
        setPolicy(tenant(), "update_booking_status", "required", "immediate");

        var unchanged = tenant().owner().post("/api/v1/actions/" + failed.text("id") + "/retry", null);
        assertThat(unchanged.text("status"))
                .as("nobody approved it and the policy now asks")
                .isEqualTo("pending_approval");
        tenant().member("reviewer")
                .api()
                .post(
                        "/api/v1/approvals/"
                                + unchanged.body().path("approval").path("id").asString() + "/reject",
                        Map.of("reason", "Not this one"));

        String second = failedAfterApproval(proposeCancellingMissingBooking());
        var edited = LifecycleScenarios.retryEdited(tenant().owner(), second, bookingId, "cancelled");
        assertThat(edited.text("status")).isEqualTo("pending_approval");
        assertThat(bookingStatus(bookingId)).isEqualTo("requested");
    }

    @Test
    void anEditedRetryThatAStandingApprovalCoversRunsWithoutAPersonAndUsesIt() {
        String bookingId = requestedBooking("required");
        var granted = grantStandingApproval(
                tenant().owner(), "update_booking_status", "args.bookingId != 'bkg_missing'", Duration.ofDays(1), 1);
        var proposed = proposeCancellingMissingBooking();
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        String actionId = failedAfterApproval(proposed);

        var edited =
                LifecycleScenarios.retryEdited(tenant().member("reviewer").api(), actionId, bookingId, "cancelled");

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("status")).isEqualTo("completed");
        assertThat(edited.body().path("decision").path("standingApprovalId").asString())
                .isEqualTo(granted.text("id"));
        assertThat(bookingStatus(bookingId)).isEqualTo("cancelled");
        assertThat(tenant().owner()
                        .get("/api/v1/standing-approvals")
                        .firstItem()
                        .path("uses")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void anEditedRetryOfAReviewAskedForByTheAgentIsReviewedAgain() {
        String bookingId = requestedBooking("optional");
        var body = new HashMap<>(
                proposal("update_booking_status", Map.of("bookingId", "bkg_missing", "status", "cancelled")));
        body.put("requestReview", true);
        String actionId = failedAfterApproval(agent().post("/api/v1/actions", body));

        var edited =
                LifecycleScenarios.retryEdited(tenant().member("reviewer").api(), actionId, bookingId, "cancelled");

        assertThat(edited.text("status")).isEqualTo("pending_approval");
        assertThat(bookingStatus(bookingId)).isEqualTo("requested");
    }

    @Test
    void aWaitingRunWhosePolicyNowAsksForAPersonGoesToOneWhenItWakes() {
        LifecycleScenarios.setPolicy(tenant(), "create_lead", "none", "background", true);
        clock.set(Instant.parse("2026-11-28T12:00:00Z"));
        var proposed = agent().post(
                        "/api/v1/actions",
                        proposal("create_lead", Map.of("name", "Ana Ruiz", "email", "ana@example.com")));
        assertThat(proposed.text("status")).isEqualTo("scheduled");
        LifecycleScenarios.setPolicy(tenant(), "create_lead", "required", "background", true);

        clock.set(Instant.parse("2026-11-30T09:00:01Z"));

        var waiting = awaitStatus(agent(), proposed.text("id"), "pending_approval");
        assertThat(waiting.path("attempts").asInt()).isZero();
        assertThat(jdbc.sql("select count(*) from leads where workspace_id = ?")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isZero();
        approvePending(tenant().owner(), waiting);
        awaitStatus(agent(), proposed.text("id"), "completed");
    }

    /**
     * The gate where runs start holds even against a path that forgot the rule: content written
     * behind the service's back after its approval does not run. The run ends needs_review with the
     * reason, and a retry sends the content as it stands to a person.
     */
    @ParameterizedTest(name = "order {0}")
    @MethodSource("otherOrderIds")
    void contentChangedAfterItsApprovalDoesNotRun(int orderId) {
        String path = "/gate-behind/" + tenant().id();
        orderPaidTriedOnce(path, "required", "background");
        tenant().savePolicy("order_paid", "required", "background", Map.of("businessHours", true));
        clock.set(Instant.parse("2026-11-28T12:00:00Z"));
        String actionId = proposeAndApprove(agent(), tenant().owner(), "order_paid", Map.of("orderId", 42));
        awaitStatus(agent(), actionId, "scheduled");
        jdbc.sql("update actions set arguments = ? where id = ?")
                .params("{\"orderId\":" + orderId + "}", actionId)
                .update();

        clock.set(Instant.parse("2026-11-30T09:00:01Z"));

        var held = awaitStatus(agent(), actionId, "needs_review");
        assertThat(held.path("error").path("code").asString()).isEqualTo("approval_mismatch");
        assertThat(held.path("error").path("message").asString())
                .contains("The arguments differ from what was approved");
        assertThat(held.path("attempts").asInt()).isZero();
        assertThat(RECEIVER.deliveries(path)).isEmpty();

        retryWaitsForAPerson(actionId, "The arguments differ from what was approved", path);
    }

    /**
     * The owner retries {@code actionId} as it stands: the retry must wait for a person, for a reason
     * that contains {@code reason}, and nothing may reach {@code path} meanwhile. Answers the action.
     */
    private JsonNode retryWaitsForAPerson(String actionId, String reason, String path) {
        var retried = tenant().owner().post("/api/v1/actions/" + actionId + "/retry", null);
        assertThat(retried.text("status")).as(retried.toString()).isEqualTo("pending_approval");
        assertThat(retried.body().path("decision").path("reasons").toString()).contains(reason);
        sleepPastAPoll();
        assertThat(RECEIVER.deliveries(path)).isEmpty();
        return retried.body();
    }

    /**
     * An order_paid for order 42, approved, that failed at {@code path}, where the receiver answers
     * {@code replies} in turn; answers the action's id.
     */
    private String failedOrderPaid(String path, HttpsReceiver.Reply... replies) {
        orderPaidTriedOnce(path, "required", "background");
        RECEIVER.then(path, replies);
        String actionId = proposeAndApprove(agent(), tenant().owner(), "order_paid", Map.of("orderId", 42));
        awaitStatus(agent(), actionId, "failed");
        return actionId;
    }

    /** A booking the agent requested, whose changes the update_booking_status policy then puts to {@code approval}; answers its id. */
    private String requestedBooking(String approval) {
        String bookingId = LifecycleScenarios.requestBooking(tenant(), agent());
        setPolicy(tenant(), "update_booking_status", approval, "immediate");
        return bookingId;
    }

    private static void setPolicy(Tenant tenant, String tool, String approval, String execution) {
        LifecycleScenarios.setPolicy(tenant, tool, approval, execution, false);
    }

    /** Proposes cancelling a booking that does not exist, which fails once it runs. */
    private Api.Response proposeCancellingMissingBooking() {
        return agent().post(
                        "/api/v1/actions",
                        proposal("update_booking_status", Map.of("bookingId", "bkg_missing", "status", "cancelled")));
    }

    /** The owner approves what {@code proposed} waits for, and it then fails as it runs; answers the action's id. */
    private String failedAfterApproval(Api.Response proposed) {
        approvePending(tenant().owner(), proposed.body());
        awaitStatus(agent(), proposed.text("id"), "failed");
        return proposed.text("id");
    }

    /** The status of {@code bookingId}, as the agent reads it. */
    private String bookingStatus(String bookingId) {
        return agent().get("/api/v1/bookings/" + bookingId).text("status");
    }

    private static void approvePending(Api reviewer, JsonNode action) {
        approveAs(reviewer, action.path("approval").path("id").asString());
    }

    private static JsonNode awaitFinal(Api api, String actionId) {
        LifecycleScenarios.awaitFinal(api, actionId);
        return api.get("/api/v1/actions/" + actionId).body();
    }

    private static int orderIdOf(String body) {
        return tools.jackson.databind.json.JsonMapper.shared()
                .readTree(body)
                .path("orderId")
                .asInt();
    }
}
