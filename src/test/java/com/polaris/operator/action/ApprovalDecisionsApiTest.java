package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/approvals/decisions} on PostgreSQL over HTTP: several approvals decided at
 * once, each on its own, with a refusal per item that the others never share.
 */
class ApprovalDecisionsApiTest extends PostgresApiTest {

    private static final String DECISIONS = "/api/v1/approvals/decisions";

    @Test
    void approvingSeveralTogetherApprovesEachAndReleasesTheirActions() {
        var reviewer = tenant().member("reviewer");
        List<String> actions = List.of(
                propose(agent(), "Ana Ruiz", "ana@example.com"),
                propose(agent(), "Bob Stone", "bob@example.com"),
                propose(agent(), "Cleo Park", "cleo@example.com"));
        List<String> approvals =
                actions.stream().map(a -> approvalOf(agent(), a)).toList();

        var answer = reviewer.api()
                .post(DECISIONS, Map.of("ids", approvals, "decision", "approve", "comment", "All three asked"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.itemIds()).containsExactlyElementsOf(approvals);
        assertThat(answer.body().path("items").valueStream()).allSatisfy(item -> {
            assertThat(item.path("status").asString()).isEqualTo("approved");
            assertThat(item.path("error").isNull()).as(item.toString()).isTrue();
        });
        for (int i = 0; i < actions.size(); i++) {
            JsonNode done = awaitStatus(agent(), actions.get(i), "completed");
            assertThat(done.path("result").path("leadId").asString()).startsWith("lead_");
            assertThat(LifecycleScenarios.eventTypes(done))
                    .containsSubsequence("approval.requested", "approval.approved", "action.completed");
            JsonNode approvedEvent = LifecycleScenarios.event(done, "approval.approved");
            assertThat(approvedEvent.path("actor").path("id").asString()).isEqualTo(reviewer.id());
            assertThat(approvedEvent.path("data").path("comment").asString()).isEqualTo("All three asked");
            var approval = tenant().owner().get("/api/v1/approvals/" + approvals.get(i));
            assertThat(approval.body().path("decisions").path(0).path("comment").asString())
                    .isEqualTo("All three asked");
        }
    }

    @Test
    void idsThatCannotBeDecidedComeBackWithTheirOwnErrorWhileTheOthersAreDecided() {
        var reviewer = tenant().member("reviewer");
        String first = approvalOfLead("Ana Ruiz", "ana@example.com");
        String decided = approvalOfLead("Bob Stone", "bob@example.com");
        approveAs(tenant().owner(), decided);
        String ownAction = propose(reviewer.api(), "Cleo Park", "cleo@example.com");
        String own = approvalOf(agent(), ownAction);
        String last = approvalOfLead("Dan Lee", "dan@example.com");

        var answer = reviewer.api()
                .post(
                        DECISIONS,
                        Map.of("ids", List.of(first, decided, "apr_does_not_exist", own, last), "decision", "approve"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        var items = answer.body().path("items");
        assertThat(answer.itemIds()).containsExactly(first, decided, "apr_does_not_exist", own, last);
        assertThat(items.path(0).path("status").asString()).isEqualTo("approved");
        assertThat(items.path(0).path("error").isNull()).isTrue();
        assertThat(items.path(1).path("status").asString()).isEqualTo("approved");
        assertThat(items.path(1).path("error").path("status").asInt()).isEqualTo(409);
        assertThat(items.path(1).path("error").path("type").asString()).endsWith("approval-already-decided");
        assertThat(items.path(2).path("status").isNull()).isTrue();
        assertThat(items.path(2).path("error").path("status").asInt()).isEqualTo(404);
        assertThat(items.path(2).path("error").path("type").asString()).endsWith("not-found");
        assertThat(items.path(3).path("status").asString()).isEqualTo("pending");
        assertThat(items.path(3).path("error").path("status").asInt()).isEqualTo(403);
        assertThat(items.path(3).path("error").path("detail").asString())
                .isEqualTo("You proposed this action, so someone else must decide it.");
        assertThat(items.path(4).path("status").asString()).isEqualTo("approved");
        assertThat(items.path(4).path("error").isNull()).isTrue();

        assertThat(approvalStatus(own)).isEqualTo("pending");
        assertThat(tenant().owner().get("/api/v1/actions/" + ownAction).text("status"))
                .isEqualTo("pending_approval");
        assertThat(tenant().owner()
                        .get("/api/v1/approvals/" + decided)
                        .body()
                        .path("decisions")
                        .size())
                .as("the earlier decision stands alone")
                .isEqualTo(1);
    }

    @Test
    void rejectingNeedsAReasonWithoutWhichNothingIsDecided() {
        var admin = tenant().member("admin");
        String ana = propose(agent(), "Ana Ruiz", "ana@example.com");
        String bob = propose(agent(), "Bob Stone", "bob@example.com");
        List<String> approvals = List.of(approvalOf(agent(), ana), approvalOf(agent(), bob));

        var withoutReason = admin.api().post(DECISIONS, Map.of("ids", approvals, "decision", "reject"));
        var blankReason = admin.api().post(DECISIONS, Map.of("ids", approvals, "decision", "reject", "reason", "  "));

        for (var refused : List.of(withoutReason, blankReason)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.errorFields()).containsExactly("reason");
        }
        assertThat(approvals.stream().map(this::approvalStatus)).containsOnly("pending");

        var rejected = admin.api()
                .post(
                        DECISIONS,
                        Map.of("ids", approvals, "decision", "reject", "reason", "Duplicates of leads we have"));

        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.body()
                        .path("items")
                        .valueStream()
                        .map(i -> i.path("status").asString()))
                .containsExactly("rejected", "rejected");
        for (String action : List.of(ana, bob)) {
            var seen = agent().get("/api/v1/actions/" + action);
            assertThat(seen.text("status")).isEqualTo("rejected");
            assertThat(LifecycleScenarios.eventTypes(
                            tenant().owner().get("/api/v1/actions/" + action).body()))
                    .contains("approval.rejected")
                    .doesNotContain("action.started");
        }
        assertThat(tenant().owner()
                        .get("/api/v1/approvals/" + approvals.getFirst())
                        .body()
                        .path("decisions")
                        .path(0)
                        .path("comment")
                        .asString())
                .isEqualTo("Duplicates of leads we have");
    }

    @Test
    void anInvalidRequestIs422ListingEveryProblemAndDecidesNothing() {
        var reviewer = tenant().member("reviewer").api();
        String approval = approvalOfLead("Ana Ruiz", "ana@example.com");
        String tooLong = "x".repeat(2001);

        var empty = reviewer.post(DECISIONS, Map.of());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(422);
        assertThat(empty.text("type")).endsWith("validation-failed");
        assertThat(empty.errorFields()).containsExactlyInAnyOrder("ids", "decision");

        var noBody = reviewer.post(DECISIONS, null);
        assertThat(noBody.status()).as(noBody.toString()).isEqualTo(422);
        assertThat(noBody.errorFields()).containsExactlyInAnyOrder("ids", "decision");

        var everything = reviewer.post(
                DECISIONS,
                Map.of(
                        "ids",
                        List.of(approval, " ", approval),
                        "decision",
                        "maybe",
                        "comment",
                        tooLong,
                        "reason",
                        tooLong));
        assertThat(everything.status()).as(everything.toString()).isEqualTo(422);
        assertThat(everything.errorFields())
                .containsExactlyInAnyOrder("ids[1]", "ids[2]", "decision", "comment", "reason");
        assertThat(messages(everything))
                .contains("repeats ids[0]", "must not be blank", "must be one of approve, reject");

        var noIds = reviewer.post(DECISIONS, Map.of("ids", List.of(), "decision", "approve"));
        assertThat(noIds.status()).isEqualTo(422);
        assertThat(messages(noIds)).containsExactly("must list at least one approval");

        var tooMany = reviewer.post(
                DECISIONS,
                Map.of("ids", IntStream.range(0, 101).mapToObj(i -> "apr_" + i).toList(), "decision", "approve"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(messages(tooMany)).containsExactly("must list at most 100 approvals");

        var withNull = new HashMap<String, Object>();
        withNull.put("ids", new ArrayList<>(java.util.Arrays.asList(approval, null)));
        withNull.put("decision", "approve");
        var nullId = reviewer.post(DECISIONS, withNull);
        assertThat(nullId.status()).isEqualTo(422);
        assertThat(nullId.errorFields()).containsExactly("ids[1]");

        var notAList = reviewer.post(DECISIONS, Map.of("ids", approval, "decision", "approve"));
        assertThat(notAList.status()).as(notAList.toString()).isEqualTo(422);
        assertThat(notAList.errorFields()).containsExactly("ids");

        var unknownField = reviewer.post(
                DECISIONS, Map.of("ids", List.of(approval, 7), "decision", "approve", "note", "hi", "comment", 1));
        assertThat(unknownField.status()).as(unknownField.toString()).isEqualTo(422);
        assertThat(unknownField.errorFields()).containsExactlyInAnyOrder("note", "ids[1]", "comment");
        assertThat(messages(unknownField)).contains("is not a known field", "must be a string");

        var notAnObject = reviewer.post(DECISIONS, List.of(approval));
        assertThat(notAnObject.status()).as(notAnObject.toString()).isEqualTo(422);

        assertThat(approvalStatus(approval)).isEqualTo("pending");
    }

    @Test
    void integrationKeysGet403AndAViewerWhoIsNoReviewerGetsAnErrorForEachAndNothingIsDecided() {
        var viewer = tenant().member("viewer").api();
        String approval = approvalOfLead("Ana Ruiz", "ana@example.com");

        var refused = approveAll(agent(), List.of(approval));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(agent().post(DECISIONS, Map.of()).status())
                .as("who may ask is checked before what is asked")
                .isEqualTo(403);

        var answer = approveAll(viewer, List.of(approval));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()
                        .path("items")
                        .path(0)
                        .path("error")
                        .path("status")
                        .asInt())
                .as("a viewer decides only the tools that name them as a reviewer")
                .isEqualTo(403);
        assertThat(approveAll(anonymous(), List.of(approval)).status()).isEqualTo(401);
        assertThat(approvalStatus(approval)).isEqualTo("pending");
    }

    @Test
    void anotherWorkspacesApprovalsComeBackAsNotFoundAndStayPending() {
        String action = propose(agent(), "Ana Ruiz", "ana@example.com");
        String approval = approvalOf(agent(), action);
        var other = newWorkspace();
        String otherAction = propose(other.integrationKey(), "Zoe Quinn", "zoe@example.com");
        String otherApproval = approvalOf(other.owner(), otherAction);

        var answer = approveAll(other.owner(), List.of(approval, otherApproval));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        var foreign = answer.body().path("items").path(0);
        assertThat(foreign.path("id").asString()).isEqualTo(approval);
        assertThat(foreign.path("status").isNull()).isTrue();
        assertThat(foreign.path("error").path("status").asInt()).isEqualTo(404);
        assertThat(foreign.path("error").path("detail").asString()).isEqualTo("The approval does not exist.");
        assertThat(answer.body().path("items").path(1).path("status").asString())
                .isEqualTo("approved");
        assertThat(answer.raw().body()).doesNotContain(action, tenant().id(), "Ana Ruiz");

        var rejectAnswer = other.owner()
                .post(DECISIONS, Map.of("ids", List.of(approval), "decision", "reject", "reason", "Not ours"));
        assertThat(rejectAnswer
                        .body()
                        .path("items")
                        .path(0)
                        .path("error")
                        .path("status")
                        .asInt())
                .isEqualTo(404);
        assertThat(approvalStatus(approval)).isEqualTo("pending");
        assertThat(agent().get("/api/v1/actions/" + action).text("status")).isEqualTo("pending_approval");
    }

    private static String propose(Api as, String name, String email) {
        return pendingLead(as, name, email, "Customer asked for a quote");
    }

    /** Proposes, as the agent, a lead for {@code name} at {@code email}; answers the id of the approval it waits for. */
    private String approvalOfLead(String name, String email) {
        return approvalOf(agent(), propose(agent(), name, email));
    }

    /** The status of {@code approval}, as the owner reads it. */
    private String approvalStatus(String approval) {
        return tenant().owner().get("/api/v1/approvals/" + approval).text("status");
    }

    /** Approves {@code ids} together as {@code as}; answers the response as it came. */
    private static Api.Response approveAll(Api as, List<String> ids) {
        return as.post(DECISIONS, Map.of("ids", ids, "decision", "approve"));
    }

    private static List<String> messages(Api.Response problem) {
        return problem.body()
                .path("errors")
                .valueStream()
                .map(e -> e.path("message").asString())
                .toList();
    }
}
