package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import com.polaris.operator.booking.BookingRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole life of actions over HTTP, as an agent and a team see it. Runs on PostgreSQL and on
 * the embedded H2 default.
 */
abstract class LifecycleScenarios extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    static final Map<String, Object> LEAD = Map.of("name", "Ana Ruiz", "email", "ana@example.com");
    static final Map<String, Object> CONVERSATION =
            Map.of("id", "conv_81", "channel", "whatsapp", "excerpt", "Hi, I'd like a quote");

    static Map<String, Object> proposal(String tool, Map<String, Object> arguments) {
        return Map.of("tool", tool, "arguments", arguments, "conversation", CONVERSATION, "reason", "Customer asked");
    }

    static void setPolicy(Tenant tenant, String tool, String approval, String execution, boolean businessHours) {
        tenant.savePolicy(tool, approval, execution, Map.of("businessHours", businessHours));
    }

    /** Ana's haircut, requested under a policy that books it at once; answers the booking's id. */
    static String requestBooking(Tenant tenant, Api agent) {
        setPolicy(tenant, "booking_request", "none", "immediate", false);
        var booking = agent.post(
                "/api/v1/actions",
                proposal(
                        "booking_request",
                        BookingRequests.haircut("Ana Ruiz", "ana@example.com", "2026-12-01T10:00:00Z")));
        assertThat(booking.text("status")).as(booking.toString()).isEqualTo("completed");
        return booking.body().path("result").path("bookingId").asString();
    }

    /** Proposes, as {@code agent}, to confirm a booking that does not exist: a change that fails once it runs. */
    static Api.Response proposeConfirmingMissingBooking(Api agent) {
        return agent.post(
                "/api/v1/actions",
                proposal("update_booking_status", Map.of("bookingId", "bkg_missing", "status", "confirmed")));
    }

    /** Retries {@code actionId} as {@code as}, its arguments edited to move {@code bookingId} to {@code status}. */
    static Api.Response retryEdited(Api as, String actionId, String bookingId, String status) {
        return as.post(
                "/api/v1/actions/" + actionId + "/retry",
                Map.of("arguments", Map.of("bookingId", bookingId, "status", status)));
    }

    /** Waits until the action reaches one of the final statuses, and returns it. */
    static String awaitFinal(Api api, String actionId) {
        var finals = List.of("completed", "failed", "needs_review", "rejected", "expired", "cancelled");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        finals.contains(api.get("/api/v1/actions/" + actionId).text("status")));
        return api.get("/api/v1/actions/" + actionId).text("status");
    }

    /** Ana's lead, proposed by {@link #agent()} from her conversation; answers the response as it came. */
    private Api.Response proposeAnasLead() {
        return agent().post("/api/v1/actions", proposal("create_lead", LEAD));
    }

    static List<String> eventTypes(JsonNode action) {
        return action.path("timeline")
                .valueStream()
                .map(e -> e.path("type").asString())
                .toList();
    }

    /** The first event of {@code type} in {@code action}'s timeline; there must be one. */
    static JsonNode event(JsonNode action, String type) {
        return action.path("timeline")
                .valueStream()
                .filter(e -> e.path("type").asString().equals(type))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void lowRiskToolRunsInsideTheRequestAndWritesALead() {
        setPolicy(tenant(), "create_lead", "none", "immediate", false);

        var answer = proposeAnasLead();

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.text("status")).isEqualTo("completed");
        assertThat(answer.body().path("decision").path("approval").asString()).isEqualTo("not_required");
        assertThat(answer.body().path("requestedBy").path("type").asString()).isEqualTo("api_key");
        String leadId = answer.body().path("result").path("leadId").asString();
        var lead = agent().get("/api/v1/leads/" + leadId);
        assertThat(lead.status()).isEqualTo(200);
        assertThat(lead.text("email")).isEqualTo("ana@example.com");
        var action = agent().get("/api/v1/actions/" + answer.text("id")).body();
        assertThat(eventTypes(action))
                .containsExactly(
                        "action.requested", "action.decided", "action.queued", "action.started", "action.completed");
    }

    @Test
    void unconfiguredToolWaitsForApprovalThenRunsInTheBackground() {
        var reviewer = tenant().member("reviewer");

        var proposed = proposeAnasLead();
        assertThat(proposed.status()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        String approvalId = acceptedApproval(proposed);

        var inbox = reviewer.api().get("/api/v1/approvals?status=pending");
        assertThat(inbox.itemIds()).contains(approvalId);

        var approved =
                reviewer.api().post("/api/v1/approvals/" + approvalId + "/approve", Map.of("comment", "Looks right"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("approved");

        var done = awaitStatus(agent(), proposed.text("id"), "completed");
        assertThat(done.path("result").path("leadId").asString()).startsWith("lead_");
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(eventTypes(done))
                .containsSubsequence(
                        "action.requested",
                        "approval.requested",
                        "approval.approved",
                        "action.queued",
                        "action.started",
                        "action.completed");
    }

    @Test
    void rejectedActionNeverRuns() {
        var reviewer = tenant().member("reviewer");
        var proposed = proposeAnasLead();
        String approvalId = acceptedApproval(proposed);

        var noReason = reviewer.api().post("/api/v1/approvals/" + approvalId + "/reject", Map.of());
        assertThat(noReason.status()).isEqualTo(422);

        var rejected = reviewer.api().post("/api/v1/approvals/" + approvalId + "/reject", Map.of("reason", "Spam"));
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.body().path("action").path("status").asString()).isEqualTo("rejected");
        assertThat(rejected.body().path("decisions").get(0).path("comment").asString())
                .isEqualTo("Spam");

        var again = reviewer.api().post("/api/v1/approvals/" + approvalId + "/approve", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(agent().get("/api/v1/leads").body().path("items")).isEmpty();
    }

    @Test
    void expiredApprovalNeverRuns() {
        var proposed = proposeAnasLead();
        String approvalId = acceptedApproval(proposed);

        clock.advance(Duration.ofDays(8));

        awaitStatus(agent(), proposed.text("id"), "expired");
        var approval = tenant().owner().get("/api/v1/approvals/" + approvalId);
        assertThat(approval.text("status")).isEqualTo("expired");
        assertThat(tenant().owner()
                        .post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(agent().get("/api/v1/leads").body().path("items")).isEmpty();
    }

    @Test
    void backgroundToolIsQueuedAndCompletedByTheWorker() {
        setPolicy(tenant(), "create_support_task", "none", "background", false);

        var proposed =
                agent().post("/api/v1/actions", proposal("create_support_task", Map.of("title", "Call back Ana")));

        assertThat(proposed.status()).isEqualTo(201);
        assertThat(proposed.text("status")).isIn("queued", "running", "completed");
        var done = awaitStatus(agent(), proposed.text("id"), "completed");
        var task = agent().get("/api/v1/support-tasks/"
                + done.path("result").path("taskId").asString());
        assertThat(task.text("title")).isEqualTo("Call back Ana");
    }

    @Test
    void manyAgentsProposingAtOnceEachGetOneActionOneRecordAndOneCount() throws Exception {
        setPolicy(tenant(), "create_lead", "none", "background", false);
        setPolicy(tenant(), "create_support_task", "none", "immediate", false);
        int proposals = 40;
        IntFunction<Api.Response> propose = n -> agent().post(
                        "/api/v1/actions",
                        n % 2 == 0
                                ? proposal(
                                        "create_lead",
                                        Map.of("name", "Lead " + n, "email", "lead" + n + "@example.com"))
                                : proposal("create_support_task", Map.of("title", "Task " + n)),
                        Map.of("Idempotency-Key", "burst-" + n));

        var first = concurrently(proposals, propose);
        // Sent again once answered, each is replayed: the same action, nothing stored twice.
        var again = concurrently(proposals, propose);

        for (int n = 0; n < proposals; n++) {
            assertThat(first.get(n).status()).as(first.get(n).toString()).isEqualTo(201);
            assertThat(again.get(n).status()).as(again.get(n).toString()).isEqualTo(200);
            assertThat(again.get(n).text("id")).isEqualTo(first.get(n).text("id"));
        }
        var ids = first.stream().map(answer -> answer.text("id")).distinct().toList();
        assertThat(ids).hasSize(proposals);
        ids.forEach(id -> assertThat(awaitFinal(agent(), id)).isEqualTo("completed"));
        long records = jdbc.sql("""
                        select (select count(*) from leads where workspace_id = ?)
                            + (select count(*) from support_tasks where workspace_id = ?)""")
                .params(tenant().id(), tenant().id())
                .query(Long.class)
                .single();
        assertThat(records).isEqualTo(proposals);
        assertThat(tenant().owner().get("/api/v1/usage").body().path("used").asLong())
                .isEqualTo(proposals);
    }

    /** Runs {@code request} for 0 … count-1, each on its own thread, all at once; the answers in order. */
    private static List<Api.Response> concurrently(int count, IntFunction<Api.Response> request) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new ArrayList<Future<Api.Response>>();
            for (int n = 0; n < count; n++) {
                int number = n;
                answers.add(pool.submit(() -> request.apply(number)));
            }
            var done = new ArrayList<Api.Response>();
            for (var answer : answers) {
                done.add(answer.get(30, TimeUnit.SECONDS));
            }
            return done;
        }
    }

    @Test
    void theAuditLogOfFinishedActionsIsSealedAndVerifies() {
        setPolicy(tenant(), "create_lead", "none", "background", false);
        var ids = List.of(proposeAnasLead().text("id"), proposeAnasLead().text("id"));
        ids.forEach(id -> awaitStatus(agent(), id, "completed"));
        long newest = jdbc.sql("select max(seq) from audit_events where workspace_id = ?")
                .param(tenant().id())
                .query(Long.class)
                .single();

        // The background sealer seals every event committed so far within a few seconds.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.sql("select count(*) from audit_seal_heads where workspace_id = ? and last_seq >= ?")
                                .params(tenant().id(), newest)
                                .query(Long.class)
                                .single()
                        == 1);
        JsonNode verification = tenant().owner().get("/api/v1/audit/verify").body();
        assertThat(verification.path("valid").asBoolean())
                .as(verification.toString())
                .isTrue();
        assertThat(verification.path("seals").asLong()).isPositive();
    }

    @Test
    void outsideBusinessHoursActionIsScheduledAndRunsWhenTheWindowOpens() {
        var madrid = newWorkspace("Europe/Madrid");
        setPolicy(madrid, "create_lead", "none", "background", true);
        var madridAgent = madrid.integrationKey();
        clock.set(Instant.parse("2026-11-28T12:00:00Z"));

        var proposed = madridAgent.post("/api/v1/actions", proposal("create_lead", LEAD));

        assertThat(proposed.text("status")).isEqualTo("scheduled");
        assertThat(proposed.body().path("decision").path("notBefore").asString())
                .isEqualTo("2026-11-30T08:00:00Z");
        clock.set(Instant.parse("2026-11-30T08:00:01Z"));
        var done = awaitStatus(madridAgent, proposed.text("id"), "completed");
        assertThat(eventTypes(done)).containsSubsequence("action.scheduled", "action.started", "action.completed");
    }

    @Test
    void optionalApprovalIsAskedOnlyWhenTheAgentRequestsReview() {
        setPolicy(tenant(), "tag_conversation", "optional", "immediate", false);
        var args = Map.<String, Object>of("conversationId", "conv_81", "tags", List.of("vip"));

        var direct = agent().post("/api/v1/actions", proposal("tag_conversation", args));
        var reviewed = agent().post(
                        "/api/v1/actions",
                        Map.of("tool", "tag_conversation", "arguments", args, "requestReview", true));

        assertThat(direct.text("status")).isEqualTo("completed");
        assertThat(reviewed.text("status")).isEqualTo("pending_approval");
    }

    @Test
    void failedActionKeepsItsContextAndRetryWithFixedArgumentsCompletes() {
        setPolicy(tenant(), "update_booking_status", "none", "immediate", false);
        String bookingId = requestBooking(tenant(), agent());

        var failed = proposeConfirmingMissingBooking(agent());
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.body().path("error").path("code").asString()).isEqualTo("booking_not_found");
        assertThat(failed.body().path("conversation").path("id").asString()).isEqualTo("conv_81");

        var owner = tenant().owner();
        var retried = retryEdited(owner, failed.text("id"), bookingId, "confirmed");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("completed");
        assertThat(owner.get("/api/v1/bookings/" + bookingId).text("status")).isEqualTo("confirmed");
        assertThat(owner.post("/api/v1/actions/" + failed.text("id") + "/retry", Map.of())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void editedRetryOfAnApprovedActionWaitsForAPersonAndRunsWhatTheyApprove() {
        setPolicy(tenant(), "update_booking_status", "required", "immediate", false);
        String bookingId = requestBooking(tenant(), agent());
        var proposed = proposeConfirmingMissingBooking(agent());
        var owner = tenant().owner();
        approveAs(owner, acceptedApproval(proposed));
        awaitStatus(agent(), proposed.text("id"), "failed");

        var retried = retryEdited(owner, proposed.text("id"), bookingId, "cancelled");

        assertThat(retried.text("status")).as(retried.toString()).isEqualTo("pending_approval");
        assertThat(owner.get("/api/v1/bookings/" + bookingId).text("status")).isEqualTo("requested");
        String approvalId = retried.body().path("approval").path("id").asString();
        var approval = owner.get("/api/v1/approvals/" + approvalId);
        assertThat(approval.body()
                        .path("changes")
                        .valueStream()
                        .map(c -> c.path("field").asString())
                        .toList())
                .containsExactlyInAnyOrder("bookingId", "status");
        approveAs(tenant().member("reviewer").api(), approvalId);
        awaitStatus(agent(), proposed.text("id"), "completed");
        assertThat(owner.get("/api/v1/bookings/" + bookingId).text("status")).isEqualTo("cancelled");
    }

    @Test
    void pendingActionCanBeCancelledAndThenNeverRuns() {
        var proposed = proposeAnasLead();

        var cancelled = agent().post("/api/v1/actions/" + proposed.text("id") + "/cancel", null);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        String approvalId = proposed.body().path("approval").path("id").asString();
        assertThat(tenant().owner().get("/api/v1/approvals/" + approvalId).text("status"))
                .isEqualTo("cancelled");
        assertThat(agent().post("/api/v1/actions/" + proposed.text("id") + "/cancel", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void approvalWithEditedArgumentsRecordsTheChange() {
        var reviewer = tenant().member("reviewer");
        var proposed = proposeAnasLead();
        String approvalId = acceptedApproval(proposed);

        var invalid = reviewer.api()
                .post(
                        "/api/v1/approvals/" + approvalId + "/approve",
                        Map.of("arguments", Map.of("email", "not-an-email")));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(tenant().owner().get("/api/v1/approvals/" + approvalId).text("status"))
                .isEqualTo("pending");

        var approved = reviewer.api()
                .post(
                        "/api/v1/approvals/" + approvalId + "/approve",
                        Map.of("arguments", Map.of("name", "Ana Ruiz", "email", "ana.ruiz@example.com")));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        var done = awaitStatus(agent(), proposed.text("id"), "completed");
        assertThat(done.path("arguments").path("email").asString()).isEqualTo("ana.ruiz@example.com");
        JsonNode approvedEvent = event(done, "approval.approved");
        assertThat(approvedEvent
                        .path("data")
                        .path("changes")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("email");
        assertThat(approvedEvent.path("data").path("changes").get(0).path("to").asString())
                .isEqualTo("ana.ruiz@example.com");
    }

    @Test
    void onlyReviewersOtherThanTheRequesterDecide() {
        var requester = tenant().member("reviewer");
        var viewer = tenant().member("viewer");
        String approvalId = acceptedApproval(requester.api().post("/api/v1/actions", proposal("create_lead", LEAD)));

        assertThat(requester
                        .api()
                        .post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(viewer.api()
                        .post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(agent().post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(viewer.api().get("/api/v1/approvals/" + approvalId).status()).isEqualTo(200);
        approveAs(tenant().owner(), approvalId);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAction() {
        var key = Map.of("Idempotency-Key", "order-42");

        var first = agent().post("/api/v1/actions", proposal("create_lead", LEAD), key);
        var replay = agent().post("/api/v1/actions", proposal("create_lead", LEAD), key);
        var other = agent().post(
                        "/api/v1/actions",
                        proposal("create_lead", Map.of("name", "Bob", "phone", "+34600000000")),
                        key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.text("type")).endsWith("idempotency-key-reused");
    }

    @Test
    void refusedProposalsStoreNothing() {
        var unknown = agent().post("/api/v1/actions", proposal("launch_rocket", Map.of()));
        var invalid = agent().post("/api/v1/actions", proposal("create_lead", Map.of("name", "Ana")));
        var wrongType = agent().post("/api/v1/actions", Map.of("tool", "create_lead", "arguments", "nope"));
        var malformed = agent().sendRaw("POST", "/api/v1/actions", "{\"tool\": \"create_lead\",", "application/json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().path("errors")).isNotEmpty();
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(agent().get("/api/v1/actions").body().path("items")).isEmpty();
        assertThat(tenant().owner().get("/api/v1/usage").body().path("used").asInt())
                .isZero();
    }

    @Test
    void disabledToolGets409() {
        assertThat(tenant().owner()
                        .post("/api/v1/tools/create_lead/disable", null)
                        .status())
                .isEqualTo(200);

        var answer = proposeAnasLead();

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("type")).endsWith("tool-disabled");
    }

    @Test
    void usageLimitRefusesNewProposalsButApprovedWorkStillRuns() {
        var first = proposeAnasLead();
        assertThat(tenant().owner()
                        .put("/api/v1/usage/limit", Map.of("limit", 1))
                        .status())
                .isEqualTo(200);

        var refused = proposeAnasLead();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("type")).endsWith("usage-limit-reached");
        var usage = tenant().owner().get("/api/v1/usage").body();
        assertThat(usage.path("limit").asInt()).isEqualTo(1);
        assertThat(usage.path("used").asInt()).isEqualTo(1);
        assertThat(tenant().owner()
                        .get("/api/v1/approvals?status=pending")
                        .body()
                        .path("items"))
                .hasSize(1);
        approveAs(tenant().owner(), acceptedApproval(first));
        awaitStatus(agent(), first.text("id"), "completed");
    }

    @Test
    void usageStartsAgainEachMonthAndTheLimitAppliesToTheNewMonth() {
        clock.set(Instant.parse("2026-10-31T23:59:00Z"));
        assertThat(proposeAnasLead().status()).isEqualTo(201);
        assertThat(tenant().owner()
                        .put("/api/v1/usage/limit", Map.of("limit", 1))
                        .status())
                .isEqualTo(200);
        assertThat(proposeAnasLead().status()).isEqualTo(429);

        clock.set(Instant.parse("2026-11-01T00:01:00Z"));

        assertThat(proposeAnasLead().status()).isEqualTo(201);
        var usage = tenant().owner().get("/api/v1/usage").body();
        assertThat(usage.path("period").asString()).isEqualTo("2026-11");
        assertThat(usage.path("used").asInt()).isEqualTo(1);
        assertThat(proposeAnasLead().status()).isEqualTo(429);
    }

    @Test
    void actionsAreListedNewestFirstWithFiltersAndCursors() {
        setPolicy(tenant(), "create_lead", "none", "immediate", false);
        for (int i = 0; i < 5; i++) {
            agent().post(
                            "/api/v1/actions",
                            proposal("create_lead", Map.of("name", "Lead " + i, "email", "l" + i + "@example.com")));
        }
        agent().post("/api/v1/actions", proposal("create_support_task", Map.of("title", "Other")));

        var page1 = agent().get("/api/v1/actions?tool=create_lead&limit=3");
        var page2 = agent().get("/api/v1/actions?tool=create_lead&limit=3&cursor=" + page1.text("nextCursor"));

        assertThat(page1.body().path("items")).hasSize(3);
        assertThat(page2.body().path("items")).hasSize(2);
        assertThat(page2.body().path("nextCursor").isNull()).isTrue();
        assertThat(page1.body()
                        .path("items")
                        .get(0)
                        .path("arguments")
                        .path("name")
                        .asString())
                .isEqualTo("Lead 4");
        assertThat(agent().get("/api/v1/actions?status=pending_approval").body().path("items"))
                .hasSize(1);
        assertThat(agent().get("/api/v1/actions?conversationId=conv_81").body().path("items"))
                .hasSize(6);
        assertThat(agent().get("/api/v1/actions?status=bogus").status()).isEqualTo(400);
        assertThat(agent().get("/api/v1/actions?limit=500").status()).isEqualTo(400);
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        var proposed = proposeAnasLead();
        String actionId = proposed.text("id");
        String approvalId = acceptedApproval(proposed);
        var intruder = newWorkspace().owner();

        assertThat(intruder.get("/api/v1/actions/" + actionId).status()).isEqualTo(404);
        assertThat(intruder.post("/api/v1/actions/" + actionId + "/cancel", null)
                        .status())
                .isEqualTo(404);
        assertThat(intruder.post("/api/v1/actions/" + actionId + "/retry", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(intruder.get("/api/v1/approvals/" + approvalId).status()).isEqualTo(404);
        assertThat(intruder.post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(intruder.post("/api/v1/approvals/" + approvalId + "/reject", Map.of("reason", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(intruder.get("/api/v1/actions").body().path("items")).isEmpty();
        assertThat(intruder.get("/api/v1/approvals").body().path("items")).isEmpty();
        assertThat(intruder.get("/api/v1/audit?actionId=" + actionId).body().path("items"))
                .isEmpty();
        assertThat(tenant().owner().get("/api/v1/actions/" + actionId).status()).isEqualTo(200);
    }

    @Test
    void membersKeysAndTokensAreChangedAndRevokedWithTheSameRules() {
        var owner = tenant().owner();
        var agent = agent();
        String ownerId = owner.get("/api/v1/members").firstItem().path("id").asString();
        String keyId = owner.get("/api/v1/api-keys").firstItem().path("id").asString();
        var reviewer = tenant().member("reviewer");
        var viewer = tenant().member("viewer");

        assertThat(owner.patch("/api/v1/members/" + reviewer.id(), Map.of("role", "admin"))
                        .text("role"))
                .isEqualTo("admin");
        assertThat(reviewer.api().get("/api/v1/api-keys").body().path("items")).hasSize(1);
        assertThat(owner.patch("/api/v1/members/" + ownerId, Map.of("role", "viewer"))
                        .status())
                .isEqualTo(409);
        assertThat(owner.delete("/api/v1/members/" + viewer.id()).status()).isEqualTo(204);
        assertThat(viewer.api().get("/api/v1/tools").status()).isEqualTo(401);

        String tokenId =
                reviewer.api().get("/api/v1/auth/tokens").firstItem().path("id").asString();
        assertThat(reviewer.api().delete("/api/v1/auth/tokens/" + tokenId).status())
                .isEqualTo(204);
        assertThat(reviewer.api().get("/api/v1/tools").status()).isEqualTo(401);
        assertThat(agent.get("/api/v1/tools").status()).isEqualTo(200);
        assertThat(owner.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);
        assertThat(agent.get("/api/v1/tools").status()).isEqualTo(401);
        assertThat(owner.get("/api/v1/audit?type=api_key.revoked").body().path("items"))
                .hasSize(1);
    }
}
