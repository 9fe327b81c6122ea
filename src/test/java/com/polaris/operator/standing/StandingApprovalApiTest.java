package com.polaris.operator.standing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.TwoNodeApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Standing approvals over HTTP on PostgreSQL, with a second node: a matching proposal needs no
 * person and runs, uses never exceed the maximum under concurrent proposals, a revocation holds at
 * once on both nodes, and nothing but a valid grant by an owner or admin who may decide is stored.
 */
class StandingApprovalApiTest extends TwoNodeApiTest {

    private static final String PATH = "/api/v1/standing-approvals";
    private static final String ACTIONS = "/api/v1/actions";

    private static Map<String, Object> lead(String name) {
        return Map.of("tool", "create_lead", "arguments", Map.of("name", name, "email", "lead@example.com"));
    }

    private Map<String, Object> grant(String when, int maxUses) {
        var body = new HashMap<String, Object>();
        body.put("tool", "create_lead");
        body.put("when", when);
        body.put("expiresAt", clock.instant().plus(Duration.ofDays(7)).toString());
        body.put("maxUses", maxUses);
        body.put("note", "Leads from the spring campaign");
        return body;
    }

    /** A standing approval the owner granted for {@link #grant}'s proposals; answers its id. */
    private String granted(String when, int maxUses) {
        var created = tenant().owner().post(PATH, grant(when, maxUses));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    /** The workspace's standing approvals, as the owner lists them. */
    private List<JsonNode> items() {
        var page = tenant().owner().get(PATH);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body().path("items").valueStream().toList();
    }

    private static void assertApprovedInAdvance(Api.Response proposed, String standingId, int use, int of) {
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isIn("queued", "running", "completed");
        JsonNode decision = proposed.body().path("decision");
        assertThat(decision.path("approval").asString()).isEqualTo("not_required");
        assertThat(decision.path("standingApprovalId").asString()).isEqualTo(standingId);
        assertThat(decision.path("reasons").valueStream().map(JsonNode::asString))
                .contains(
                        "Approved in advance by standing approval " + standingId + " (use " + use + " of " + of + ")");
        assertThat(proposed.body().path("approval").isNull()).isTrue();
    }

    private static void assertNeedsAPerson(Api.Response proposed) {
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        assertThat(proposed.body().path("decision").path("approval").asString()).isEqualTo("required");
        assertThat(proposed.body().path("decision").has("standingApprovalId")).isFalse();
    }

    @Test
    void aMatchingProposalNeedsNoPersonRunsAndIsAuditedWithItsUse() {
        var created = tenant().owner().post(PATH, grant("args.name.startsWith('Ana')", 10));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        assertThat(id).startsWith("sa_");
        assertThat(created.text("tool")).isEqualTo("create_lead");
        assertThat(created.text("when")).isEqualTo("args.name.startsWith('Ana')");
        assertThat(created.body().path("maxUses").asInt()).isEqualTo(10);
        assertThat(created.body().path("uses").asInt()).isZero();
        assertThat(created.body().path("revokedAt").isNull()).isTrue();
        assertThat(created.body().path("createdBy").path("id").asString()).isNotBlank();
        assertThat(created.text("createdAt")).isNotBlank();
        assertThat(created.text("expiresAt")).isNotBlank();

        var dryRun = tenant().owner()
                .post(
                        "/api/v1/tools/create_lead/dry-run",
                        Map.of("arguments", Map.of("name", "Ana Ruiz", "email", "lead@example.com")));
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.body().path("decision").path("approval").asString()).isEqualTo("not_required");
        assertThat(dryRun.body().path("decision").path("standingApprovalId").asString())
                .isEqualTo(id);
        assertThat(items().getFirst().path("uses").asInt())
                .as("a dry run uses nothing")
                .isZero();

        var first = agent().post(ACTIONS, lead("Ana Ruiz"));
        assertApprovedInAdvance(first, id, 1, 10);
        String action = first.text("id");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> tenant().owner().get(ACTIONS + "/" + action).text("status"), "completed"::equals);
        var shown = tenant().owner().get(ACTIONS + "/" + action);
        assertThat(shown.body().path("decision").path("standingApprovalId").asString())
                .isEqualTo(id);
        assertThat(shown.body()
                        .path("timeline")
                        .valueStream()
                        .map(e -> e.path("type").asString()))
                .contains("action.approved_in_advance");

        assertApprovedInAdvance(agent().post(ACTIONS, lead("Ana Gómez")), id, 2, 10);
        assertNeedsAPerson(agent().post(ACTIONS, lead("Bruno Díaz")));
        var asked = new HashMap<String, Object>(lead("Ana Ruiz"));
        asked.put("requestReview", true);
        assertNeedsAPerson(agent().post(ACTIONS, asked));

        assertThat(items())
                .singleElement()
                .satisfies(item -> assertThat(item.path("uses").asInt()).isEqualTo(2));
        var audit = tenant().owner().get("/api/v1/audit?limit=200").body().toString();
        assertThat(audit).contains("standing_approval.created", "action.approved_in_advance");
    }

    @Test
    void aConditionThatFailsAtEvaluationAnExpiredOneAndARoutedProposalNeedAPerson() {
        String failing = granted("args.percent > 15", 10);
        var failed = agent().post(ACTIONS, lead("Ana Ruiz"));
        assertNeedsAPerson(failed);
        assertThat(failed.body().path("decision").path("reasons").valueStream().map(JsonNode::asString))
                .anySatisfy(reason -> assertThat(reason)
                        .startsWith("Standing approval " + failing
                                + " does not apply: its condition could not be evaluated"));

        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "background",
                        Map.of(
                                "routes",
                                List.of(Map.of(
                                        "when",
                                        "args.name == 'Carla'",
                                        "reviewers",
                                        Map.of("roles", List.of("owner"))))));
        String everyone = granted("true", 10);
        assertNeedsAPerson(agent().post(ACTIONS, lead("Carla")));
        assertApprovedInAdvance(agent().post(ACTIONS, lead("Dora")), everyone, 1, 10);

        clock.advance(Duration.ofDays(8));
        assertNeedsAPerson(agent().post(ACTIONS, lead("Dora")));
    }

    @Test
    void fiftyConcurrentProposalsUseAStandingApprovalExactlyMaxUsesTimes() throws Exception {
        String id = granted("true", 7);
        List<Callable<Api.Response>> proposals = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Api node = i % 2 == 0 ? agent() : onB(agent());
            String name = "Lead " + i;
            proposals.add(() -> node.post(ACTIONS, lead(name)));
        }
        List<Api.Response> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (Future<Api.Response> answer : pool.invokeAll(proposals)) {
                answers.add(answer.get());
            }
        }

        assertThat(answers)
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(201));
        var inAdvance = answers.stream()
                .filter(a ->
                        a.body().path("decision").path("approval").asString().equals("not_required"))
                .toList();
        assertThat(inAdvance).hasSize(7);
        assertThat(inAdvance.stream()
                        .flatMap(a -> a.body().path("decision").path("reasons").valueStream())
                        .map(JsonNode::asString)
                        .filter(r -> r.startsWith("Approved in advance")))
                .containsExactlyInAnyOrder(java.util.stream.IntStream.rangeClosed(1, 7)
                        .mapToObj(n -> "Approved in advance by standing approval " + id + " (use " + n + " of 7)")
                        .toArray(String[]::new));
        assertThat(answers.stream().filter(a -> a.text("status").equals("pending_approval")))
                .hasSize(43);
        assertThat(items().getFirst().path("uses").asInt()).isEqualTo(7);
        assertNeedsAPerson(agent().post(ACTIONS, lead("One more")));
    }

    @Test
    void aRevokedStandingApprovalStopsAtOnceOnBothNodes() {
        String id = granted("true", 100);
        assertApprovedInAdvance(onB(agent()).post(ACTIONS, lead("Ana")), id, 1, 100);
        assertApprovedInAdvance(agent().post(ACTIONS, lead("Ana")), id, 2, 100);

        var revoked = tenant().owner().post(PATH + "/" + id + "/revoke", null);

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.text("revokedAt")).isNotBlank();
        assertThat(revoked.body().path("uses").asInt()).isEqualTo(2);
        assertNeedsAPerson(onB(agent()).post(ACTIONS, lead("Ana")));
        assertNeedsAPerson(agent().post(ACTIONS, lead("Ana")));
        assertThat(tenant().owner().post(PATH + "/" + id + "/revoke", null).status())
                .isEqualTo(200);
        assertThat(newWorkspace()
                        .owner()
                        .post(PATH + "/" + id + "/revoke", null)
                        .status())
                .as("another workspace's standing approval is unknown")
                .isEqualTo(404);
    }

    @Test
    void onlyOwnersAndAdminsWhoMayDecideTheToolGrantListOrRevoke() {
        String id = granted("true", 3);
        for (Api refused : List.of(
                tenant().member("reviewer").api(), tenant().member("viewer").api(), agent())) {
            assertThat(refused.post(PATH, grant("true", 3)).status()).isEqualTo(403);
            assertThat(refused.get(PATH).status()).isEqualTo(403);
            assertThat(refused.post(PATH + "/" + id + "/revoke", null).status()).isEqualTo(403);
        }
        Api admin = tenant().member("admin").api();
        assertThat(admin.post(PATH, grant("true", 3)).status()).isEqualTo(201);

        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "background",
                        Map.of("reviewers", Map.of("roles", List.of("owner"))));
        var notADecider = admin.post(PATH, grant("true", 3));
        assertThat(notADecider.status()).as(notADecider.toString()).isEqualTo(403);
        assertThat(admin.post(PATH + "/" + id + "/revoke", null).status()).isEqualTo(403);
        assertThat(items()).hasSize(2);
        assertThat(newWorkspace().owner().get(PATH).body().path("items").isEmpty())
                .as("other workspaces see none")
                .isTrue();
    }

    @Test
    void anInvalidGrantIsRefusedNamingTheFieldAndStoresNothing() {
        Api owner = tenant().owner();
        var external = grant("true", 3);
        external.put("tool", "send_email");
        assertRefused(owner.post(PATH, external), "tool", "external");

        assertRefused(owner.post(PATH, grant("args.name ==", 3)), "when", "1:");
        var past = grant("true", 3);
        past.put("expiresAt", Instant.parse("2020-01-01T00:00:00Z").toString());
        assertRefused(owner.post(PATH, past), "expiresAt", "future");
        var far = grant("true", 3);
        far.put("expiresAt", clock.instant().plus(Duration.ofDays(400)).toString());
        assertRefused(owner.post(PATH, far), "expiresAt", "365");
        assertRefused(owner.post(PATH, grant("true", 0)), "maxUses", "1 to");
        assertRefused(owner.post(PATH, grant("true", 1_000_001)), "maxUses", "1 to");
        var unknown = grant("true", 3);
        unknown.put("forever", true);
        assertRefused(owner.post(PATH, unknown), "forever", "not a standing approval field");
        var noTool = grant("true", 3);
        noTool.put("tool", "no_such_tool");
        assertRefused(owner.post(PATH, noTool), "tool", "not a tool");

        assertThat(items()).isEmpty();
    }

    private static void assertRefused(Api.Response answer, String field, String words) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.body().path("errors").valueStream())
                .as(answer.toString())
                .anySatisfy(e -> {
                    assertThat(e.path("field").asString()).isEqualTo(field);
                    assertThat(e.path("message").asString()).contains(words);
                });
    }
}
