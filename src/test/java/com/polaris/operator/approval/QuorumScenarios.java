package com.polaris.operator.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who decides an approval and how many must: reviewers by role and by member, a quorum of distinct
 * members that never includes the requester, one rejection ending it, versions, and {@code for=me}.
 */
abstract class QuorumScenarios extends ApiTestBase {

    record Person(String id, String email, Api api) {}

    /** A new member of the test's workspace with {@code role}, signed in. */
    private Person person(String role) {
        String email = tenant().addMember(role, "A " + role);
        return new Person(tenant().memberId(email), email, tenant().signedIn(email));
    }

    private void policy(String tool, Map<String, Object> extra) {
        var saved = putPolicy(tool, extra);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** Saves the tool's policy: approval required, immediate, with {@code extra} fields. */
    private Api.Response putPolicy(String tool, Map<String, Object> extra) {
        var document = new java.util.LinkedHashMap<String, Object>(
                Map.of("approval", "required", "execution", "immediate", "businessHours", false));
        document.putAll(extra);
        return tenant().owner().put("/api/v1/tools/" + tool + "/policy", document);
    }

    /** Lets any {@code quorum} distinct reviewers decide create_lead. */
    private void reviewerQuorum(int quorum) {
        policy("create_lead", Map.of("reviewers", Map.of("roles", List.of("reviewer"), "quorum", quorum)));
    }

    /** Approves {@code approvalId} as {@code as}, with no comment or version; answers the response as it came. */
    private static Api.Response approve(Api as, String approvalId) {
        return as.post("/api/v1/approvals/" + approvalId + "/approve", Map.of());
    }

    private static String propose(Api api) {
        return acceptedApproval(proposeLead(api, "Ana Ruiz", "ana@example.com"));
    }

    /** Proposes, as the agent, a high-priority support task; answers the id of the approval it waits for. */
    private String supportTaskApproval() {
        return acceptedApproval(agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "create_support_task",
                                "arguments",
                                Map.of("title", "Call back", "priority", "high"))));
    }

    @Test
    void quorumOfTwoNeedsTwoDistinctReviewersAndTheRequesterIsNeverOne() {
        var requester = person("reviewer");
        var first = person("reviewer");
        var second = person("reviewer");
        reviewerQuorum(2);
        String approvalId = propose(requester.api());

        assertThat(approve(requester.api(), approvalId).status()).isEqualTo(403);
        var once = approve(first.api(), approvalId);
        assertThat(once.status()).as(once.toString()).isEqualTo(200);
        assertThat(once.text("status")).isEqualTo("pending");
        assertThat(once.body().path("required").asInt()).isEqualTo(2);
        assertThat(once.body().path("approvedBy").asInt()).isEqualTo(1);
        assertThat(once.body().path("mayDecide").asBoolean()).isFalse();
        assertThat(once.body().path("action").path("status").asString()).isEqualTo("pending_approval");

        var twice = approve(first.api(), approvalId);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("type")).endsWith("already-decided");

        var done = approve(second.api(), approvalId);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("approved");
        assertThat(done.body().path("approvedBy").asInt()).isEqualTo(2);
        assertThat(done.body().path("action").path("status").asString()).isEqualTo("completed");
    }

    @Test
    void oneRejectionEndsTheApproval() {
        var first = person("reviewer");
        var second = person("admin");
        policy("create_lead", Map.of("reviewers", Map.of("roles", List.of("reviewer", "admin"), "quorum", 2)));
        String approvalId = propose(agent());

        assertThat(approve(first.api(), approvalId).text("status")).isEqualTo("pending");
        var rejected = second.api().post("/api/v1/approvals/" + approvalId + "/reject", Map.of("reason", "Not ours"));

        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("rejected");
        assertThat(rejected.body().path("action").path("status").asString()).isEqualTo("rejected");
        assertThat(approve(first.api(), approvalId).status()).isEqualTo(409);
        assertThat(approve(tenant().owner(), approvalId).status())
                .as("the owner is not among this tool's reviewers")
                .isEqualTo(403);
    }

    @Test
    void anEditStartsANewVersionWhoseCountBeginsWithTheEditorAndAStaleVersionIsRefused() {
        var first = person("reviewer");
        var second = person("reviewer");
        var third = person("reviewer");
        reviewerQuorum(2);
        String approvalId = propose(agent());
        assertThat(approval(first.api(), approvalId).path("version").asInt()).isEqualTo(1);
        assertThat(first.api()
                        .post("/api/v1/approvals/" + approvalId + "/approve", Map.of("version", 1))
                        .text("status"))
                .isEqualTo("pending");

        var edited = second.api()
                .post(
                        "/api/v1/approvals/" + approvalId + "/approve",
                        Map.of("version", 1, "arguments", Map.of("name", "Ana Ruiz Soto", "email", "ana@example.com")));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("status")).isEqualTo("pending");
        assertThat(edited.body().path("version").asInt()).isEqualTo(2);
        assertThat(edited.body().path("approvedBy").asInt()).isEqualTo(1);
        assertThat(edited.body().path("action").path("arguments").path("name").asString())
                .isEqualTo("Ana Ruiz Soto");

        assertThat(third.api()
                        .get("/api/v1/notifications?for=me")
                        .body()
                        .path("items")
                        .valueStream()
                        .map(n -> n.path("text").asString()))
                .as("the other reviewers are asked again about the edited version")
                .anySatisfy(text -> assertThat(text).startsWith("Changed by"))
                .anySatisfy(text -> assertThat(text).startsWith("Waiting for your approval"));
        var stale = third.api().post("/api/v1/approvals/" + approvalId + "/approve", Map.of("version", 1));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("type")).endsWith("approval-changed");
        assertThat(approval(first.api(), approvalId).path("mayDecide").asBoolean())
                .as("the first reviewer approved version 1 only")
                .isTrue();

        var done = first.api().post("/api/v1/approvals/" + approvalId + "/approve", Map.of("version", 2));
        assertThat(done.text("status")).isEqualTo("approved");
        assertThat(done.body().path("action").path("status").asString()).isEqualTo("completed");
        assertThat(done.body().path("action").path("arguments").path("name").asString())
                .isEqualTo("Ana Ruiz Soto");
    }

    @Test
    void aNamedMemberWithoutAReviewingRoleDecidesOnlyThatTool() {
        var viewer = person("viewer");
        policy(
                "create_lead",
                Map.of("reviewers", Map.of("roles", List.of("owner"), "members", List.of(viewer.email()))));
        String lead = propose(agent());
        String taskApproval = supportTaskApproval();

        var mine = viewer.api().get("/api/v1/approvals?status=pending&for=me");
        assertThat(mine.body().path("items").valueStream().map(a -> a.path("id").asString()))
                .containsExactly(lead);
        assertThat(approval(viewer.api(), lead).path("reviewers").path("members"))
                .extracting(node -> node.asString())
                .containsExactly(viewer.email());
        assertThat(approve(viewer.api(), taskApproval).status()).isEqualTo(403);
        assertThat(approve(viewer.api(), lead).text("status")).isEqualTo("approved");
    }

    @Test
    void forMeListsOnlyWhatTheCallerMayStillDecide() {
        var reviewer = person("reviewer");
        var admin = person("admin");
        policy("create_lead", Map.of("reviewers", Map.of("roles", List.of("admin"))));
        String forAdmins = propose(agent());
        String byReviewer = propose(reviewer.api());
        String forAnyone = supportTaskApproval();

        assertThat(forMe(reviewer.api())).containsExactly(forAnyone);
        assertThat(ids(admin.api().get("/api/v1/approvals?status=pending&for=me")))
                .containsExactly(forAnyone, byReviewer, forAdmins);
        approve(admin.api(), forAnyone);
        assertThat(ids(admin.api().get("/api/v1/approvals?for=me&limit=1"))).containsExactly(byReviewer);
        assertThat(forMe(reviewer.api())).isEmpty();
        assertThat(reviewer.api().get("/api/v1/approvals?for=someone").status()).isEqualTo(400);
        assertThat(ids(admin.api().get("/api/v1/approvals?status=approved&for=me")))
                .isEmpty();
    }

    @Test
    void aRoleChangeChangesWhatAMemberMayDecide() {
        var member = person("viewer");
        String approvalId = propose(agent());
        assertThat(forMe(member.api())).isEmpty();

        var changed = tenant().owner().patch("/api/v1/members/" + member.id(), Map.of("role", "reviewer"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);

        assertThat(forMe(member.api())).containsExactly(approvalId);
    }

    @Test
    void aQuorumNobodyCanReachIsWarnedOnTheToolAndEscalatedAtOnce() {
        person("reviewer");
        reviewerQuorum(3);
        var tool = tenant().owner().get("/api/v1/tools/create_lead");
        assertThat(tool.body().path("warnings").valueStream().map(w -> w.asString()))
                .anySatisfy(w -> assertThat(w).contains("quorum of 3"));
        assertThat(tenant().owner()
                        .get("/api/v1/tools/create_support_task")
                        .body()
                        .path("warnings"))
                .isEmpty();

        String approvalId = propose(agent());
        var approval = tenant().owner().get("/api/v1/approvals/" + approvalId);

        assertThat(approval.body().path("escalatedAt").isNull()).isFalse();
        assertThat(approval.body().path("blocked").asBoolean()).isTrue();
        assertThat(approval.body().path("reviewers").path("roles"))
                .extracting(node -> node.asString())
                .containsExactly("owner", "admin", "reviewer");
        assertThat(approval.body().path("mayDecide").asBoolean()).isTrue();
    }

    @Test
    void reviewersMustBeMembersAndValidAtSave() {
        var refused = putPolicy(
                "create_lead", Map.of("reviewers", Map.of("members", List.of("nobody@example.com"), "quorum", 1)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("errors").get(0).path("field").asString())
                .isEqualTo("reviewers.members[0]");

        var invalid = putPolicy(
                "create_lead",
                Map.of("reviewers", Map.of("roles", List.of("viewer"), "quorum", 0), "remindAfter", "soon"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorFields()).contains("reviewers.roles[0]", "reviewers.quorum", "remindAfter");
        assertThat(tenant().policyVersion("create_lead")).isZero();
    }

    @Test
    void reviewersReadThePolicySummaryAndTheAgentMustSendTheContextItRequires() {
        policy(
                "apply_discount",
                Map.of(
                        "review",
                        Map.of(
                                "summary", "Apply {{args.percent}}% off for {{ args.customer }}",
                                "highlight", List.of("percent", "customer"),
                                "requireContext", List.of("reason", "conversation"))));
        var arguments = Map.of("customer", "Ana <b>Ruiz</b>", "percent", 20.5, "reason", "Loyal customer");

        var refused = agent().post("/api/v1/actions", Map.of("tool", "apply_discount", "arguments", arguments));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactlyInAnyOrder("reason", "conversation");
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items")).isEmpty();

        var proposed = agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "apply_discount",
                                "arguments",
                                arguments,
                                "reason",
                                "The customer asked twice",
                                "conversation",
                                Map.of("id", "conv_1", "channel", "web_widget", "excerpt", "Can I get a discount?")));
        var approval = tenant().owner().get("/api/v1/approvals/" + acceptedApproval(proposed));
        assertThat(approval.text("summary")).isEqualTo("Apply 20.5% off for Ana <b>Ruiz</b>");
        assertThat(approval.body().path("required").asInt()).isEqualTo(1);
        assertThat(approval.body().path("approvedBy").asInt()).isZero();
        assertThat(approval.body().path("mayDecide").asBoolean()).isTrue();
        var tool = tenant().owner()
                .get("/api/v1/tools/apply_discount")
                .body()
                .path("policy")
                .path("review");
        assertThat(tool.path("highlight").valueStream().map(h -> h.asString())).containsExactly("percent", "customer");
    }

    @Test
    void aSummaryMayUseOnlyArgumentPlaceholders() {
        var refused = putPolicy(
                "apply_discount",
                Map.of("review", Map.of("summary", "Key {{secret:stripe}}", "conversationMessages", 51)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactlyInAnyOrder("review.summary", "review.conversationMessages");
    }

    @Test
    void aRouteSendsALargeDiscountToOwnersAndASmallOneToReviewers() {
        var reviewer = person("reviewer");
        policy(
                "apply_discount",
                Map.of(
                        "reviewers",
                        Map.of("roles", List.of("reviewer")),
                        "routes",
                        List.of(Map.of("when", "args.percent > 30", "reviewers", Map.of("roles", List.of("owner"))))));
        String large = discountApproval(agent(), "Ana Ruiz", 30.5);
        String small = discountApproval(agent(), "Ana Ruiz", 30);

        assertThat(approval(tenant().owner(), large).path("reviewers").path("roles"))
                .extracting(node -> node.asString())
                .containsExactly("owner");
        assertThat(forMe(reviewer.api())).containsExactly(small);
        assertThat(forMe(tenant().owner())).containsExactly(large);
        assertThat(approve(reviewer.api(), large).status()).isEqualTo(403);

        var edited = reviewer.api()
                .post(
                        "/api/v1/approvals/" + small + "/approve",
                        Map.of("arguments", Map.of("customer", "Ana Ruiz", "percent", 50, "reason", "Loyal customer")));
        assertThat(edited.status())
                .as("an edit that routes the approval to owners leaves the reviewer out: " + edited)
                .isEqualTo(403);
        assertThat(approval(tenant().owner(), small).path("version").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidRouteConditionIsRefusedWithItsPosition() {
        var refused = putPolicy(
                "apply_discount",
                Map.of(
                        "routes",
                        List.of(Map.of("when", "args.percent > ", "reviewers", Map.of("roles", List.of("owner"))))));
        assertThat(refused.status()).isEqualTo(422);
        var error = refused.body().path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("routes[0].when");
        assertThat(error.path("message").asString()).matches("(?s).*1:\\d+.*");
    }

    @Test
    void aPolicySavedWhileAnApprovalIsPendingAppliesToItAtOnce() {
        var first = person("reviewer");
        var second = person("reviewer");
        var admin = person("admin");
        reviewerQuorum(2);
        String approvalId = propose(agent());
        assertThat(approve(first.api(), approvalId).text("status")).isEqualTo("pending");
        String expiresBefore =
                tenant().owner().get("/api/v1/approvals/" + approvalId).text("expiresAt");

        policy(
                "create_lead",
                Map.of("reviewers", Map.of("roles", List.of("admin"), "quorum", 1), "approvalExpiresAfter", "PT1H"));

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> forMe(admin.api()).contains(approvalId));
        var approval = tenant().owner().get("/api/v1/approvals/" + approvalId).body();
        assertThat(approval.path("reviewers").path("roles"))
                .extracting(node -> node.asString())
                .containsExactly("admin");
        assertThat(approval.path("approvedBy").asInt())
                .as("an approval of a member no longer eligible stops counting")
                .isZero();
        assertThat(approval.path("required").asInt()).isEqualTo(1);
        assertThat(approval.path("expiresAt").asString()).isNotEqualTo(expiresBefore);
        assertThat(forMe(second.api())).isEmpty();
        assertThat(approve(second.api(), approvalId).status()).isEqualTo(403);
        assertThat(approve(admin.api(), approvalId).text("status")).isEqualTo("approved");
    }

    @Test
    void theOpenApiDocumentDescribesReviewersAndTheNewApprovalFields() {
        var document = anonymous().get("/v3/api-docs").body();
        var schemas = document.path("components").path("schemas");
        assertThat(schemas.path("Policy").path("properties").propertyNames())
                .contains("reviewers", "routes", "approvalExpiresAfter", "remindAfter", "escalateAfter", "review");
        assertThat(schemas.path("Reviewers").path("properties").propertyNames()).contains("roles", "members", "quorum");
        assertThat(schemas.path("ApprovalView").path("properties").propertyNames())
                .contains("version", "required", "approvedBy", "reviewers", "mayDecide", "summary", "blocked");
        var list = document.path("paths").path("/api/v1/approvals").path("get").path("parameters");
        assertThat(list.valueStream().map(p -> p.path("name").asString())).contains("for", "status");
        var put = document.path("paths").path("/api/v1/tools/{name}/policy").path("put");
        assertThat(put.path("requestBody").toString()).contains("#/components/schemas/Policy");
    }

    @Test
    void sortOldestListsTheLongestWaitingFirstPageByPageAndABadSortIs400() {
        var reviewer = person("reviewer");
        String first = propose(agent());
        String second = propose(agent());
        String third = propose(agent());

        assertThat(ids(reviewer.api().get("/api/v1/approvals?status=pending"))).containsExactly(third, second, first);
        assertThat(ids(reviewer.api().get("/api/v1/approvals?status=pending&sort=newest")))
                .containsExactly(third, second, first);
        assertThat(ids(reviewer.api().get("/api/v1/approvals?status=pending&sort=oldest")))
                .containsExactly(first, second, third);
        var firstPage = reviewer.api().get("/api/v1/approvals?sort=oldest&limit=2");
        assertThat(ids(firstPage)).containsExactly(first, second);
        var nextPage =
                reviewer.api().get("/api/v1/approvals?sort=oldest&limit=2&cursor=" + firstPage.text("nextCursor"));
        assertThat(ids(nextPage)).containsExactly(third);

        assertThat(ids(reviewer.api().get("/api/v1/approvals?for=me&sort=oldest")))
                .containsExactly(first, second, third);
        var mine = reviewer.api().get("/api/v1/approvals?for=me&sort=oldest&limit=1");
        assertThat(ids(mine)).containsExactly(first);
        assertThat(ids(reviewer.api()
                        .get("/api/v1/approvals?for=me&sort=oldest&limit=1&cursor=" + mine.text("nextCursor"))))
                .containsExactly(second);

        var bad = reviewer.api().get("/api/v1/approvals?sort=longest");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("type")).endsWith("bad-parameter");
        assertThat(bad.text("detail")).contains("oldest");
    }

    /** {@code approvalId} as {@code as} reads it. */
    private static JsonNode approval(Api as, String approvalId) {
        return as.get("/api/v1/approvals/" + approvalId).body();
    }

    /** The ids of the approvals {@code as} may still decide, newest first. */
    private static List<String> forMe(Api as) {
        return ids(as.get("/api/v1/approvals?for=me"));
    }

    private static List<String> ids(Api.Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.itemIds();
    }
}
