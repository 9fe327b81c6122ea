package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.TwoNodeApiTest;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.policy.Policies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one PostgreSQL database, each caching settings: what is changed through this
 * test's node (A) is in force on A as soon as the change is answered, and on node B moments later;
 * a change that rolls back changes nothing anywhere.
 */
class SettingsAcrossNodesTest extends TwoNodeApiTest {

    private static final Duration MOMENTS = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String ACTIONS = "/api/v1/actions";
    private static final String HOURS = "/api/v1/business-hours";
    private static final Map<String, Object> LEAD =
            Map.of("tool", "create_lead", "arguments", Map.of("name", "Ana Ruiz", "email", "ana@example.com"));
    private static final String MADRID = """
            {"timezone": "Europe/Madrid", "weekly": {"sat": [["10:00", "14:00"]]}}""";

    @Autowired
    Policies policies;

    @Autowired
    BusinessHoursSchedules schedules;

    @Autowired
    UsageMeter usage;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aPolicySavedOnOneNodeIsInForceOnBothAndADisabledToolIsRefusedOnBoth() {
        Api agent = tenant().integrationKey();
        assertThat(agent.post(ACTIONS, LEAD).text("status")).isEqualTo("pending_approval");
        assertThat(onB(agent).post(ACTIONS, LEAD).text("status")).isEqualTo("pending_approval");

        tenant().savePolicy("create_lead", "none", "background", Map.of());
        assertRunsWithoutApproval(agent.post(ACTIONS, LEAD));
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(agent)
                                .get("/api/v1/tools/create_lead")
                                .body()
                                .path("policyVersion")
                                .asInt()
                        == 1);
        assertRunsWithoutApproval(onB(agent).post(ACTIONS, LEAD));

        assertThat(tenant().owner()
                        .post("/api/v1/tools/create_lead/disable", null)
                        .status())
                .isEqualTo(200);

        assertThat(agent.post(ACTIONS, LEAD).text("type")).endsWith("tool-disabled");
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> !onB(agent)
                        .get("/api/v1/tools/create_lead")
                        .body()
                        .path("enabled")
                        .asBoolean());
        var refused = onB(agent).post(ACTIONS, LEAD);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("tool-disabled");
    }

    private static void assertRunsWithoutApproval(Api.Response proposed) {
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isIn("queued", "running", "completed");
    }

    @Test
    void businessHoursReplacedOnOneNodeAreTheOnesBothNodesUse() {
        assertThat(tenant().owner().get(HOURS).text("timezone")).isEqualTo("UTC");
        assertThat(onB(tenant().owner()).get(HOURS).text("timezone")).isEqualTo("UTC");

        assertThat(tenant().owner().put(HOURS, MADRID).status()).isEqualTo(200);

        assertThat(tenant().owner().get(HOURS).text("timezone")).isEqualTo("Europe/Madrid");
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(tenant().owner()).get(HOURS).text("timezone").equals("Europe/Madrid"));
        assertThat(onB(tenant().owner())
                        .get(HOURS)
                        .body()
                        .path("weekly")
                        .path("sat")
                        .get(0)
                        .get(0)
                        .asString())
                .isEqualTo("10:00");
    }

    @Test
    void aUsageLimitSetOnOneNodeRefusesProposalsOnBoth() {
        Api agent = tenant().integrationKey();
        assertThat(agent.post(ACTIONS, LEAD).status()).isEqualTo(201);
        assertThat(onB(agent).post(ACTIONS, LEAD).status()).isEqualTo(201);

        assertThat(tenant().owner()
                        .put("/api/v1/usage/limit", Map.of("limit", 2))
                        .status())
                .isEqualTo(200);

        assertThat(agent.post(ACTIONS, LEAD).status()).isEqualTo(429);
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(agent).post(ACTIONS, LEAD).status() == 429);

        assertThat(tenant().owner().put("/api/v1/usage/limit", Map.of()).status())
                .isEqualTo(200);

        assertThat(agent.post(ACTIONS, LEAD).status()).isEqualTo(201);
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(agent).post(ACTIONS, LEAD).status() == 201);
    }

    @ParameterizedTest(name = "limit {0}, {1} counted before, {2} racing")
    @MethodSource("com.polaris.operator.workspace.UsageLimitRaces#races")
    void proposalsRacingOnBothNodesRightAfterALimitIsSetNeverPassIt(int limit, int countedBefore, int racing)
            throws Exception {
        UsageLimitRaces.race(
                newWorkspace(), limit, countedBefore, racing, List.of("http://localhost:" + port, nodeBUrl()));
    }

    @Test
    void aMemberAndAnIntegrationKeyAddedOnOneNodeWorkOnTheOtherAtOnce() {
        assertThat(onB(tenant().owner()).get(HOURS).status()).isEqualTo(200);

        Api key = tenant().integrationKey();
        var reviewer = tenant().member("reviewer");

        assertThat(onB(key).get(HOURS).status()).isEqualTo(200);
        assertThat(onB(reviewer.api()).get("/api/v1/approvals").status()).isEqualTo(200);
        assertThat(onB(reviewer.api())
                        .put("/api/v1/usage/limit", Map.of("limit", 5))
                        .status())
                .as("the reviewer's role came with the token")
                .isEqualTo(403);
        assertThat(onB(tenant().owner()).get(HOURS).status()).isEqualTo(200);
    }

    @Test
    void aKeyRevokedOnOneNodeStopsWorkingOnBoth() {
        var created = tenant().owner().post("/api/v1/api-keys", Map.of("name", "Chatbot"));
        Api key = tenant().owner().as(created.text("key"));
        assertThat(key.get(HOURS).status()).isEqualTo(200);
        assertThat(onB(key).get(HOURS).status()).isEqualTo(200);

        assertThat(tenant().owner()
                        .delete("/api/v1/api-keys/" + created.text("id"))
                        .status())
                .isEqualTo(204);

        assertThat(key.get(HOURS).status()).isEqualTo(401);
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(key).get(HOURS).status() == 401);
        assertThat(onB(tenant().owner()).get(HOURS).status()).isEqualTo(200);
    }

    @Test
    void aRoleChangedOrAMemberRemovedOnOneNodeIsInForceOnBoth() {
        var promoted = tenant().member("reviewer");
        var removed = tenant().member("viewer");
        assertThat(onB(promoted.api()).get("/api/v1/members").status()).isEqualTo(403);
        assertThat(onB(removed.api()).get(HOURS).status()).isEqualTo(200);

        assertThat(tenant().owner()
                        .patch("/api/v1/members/" + promoted.id(), Map.of("role", "admin"))
                        .status())
                .isEqualTo(200);
        assertThat(tenant().owner().delete("/api/v1/members/" + removed.id()).status())
                .isEqualTo(204);

        assertThat(promoted.api().get("/api/v1/members").status()).isEqualTo(200);
        assertThat(removed.api().get(HOURS).status()).isEqualTo(401);
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(promoted.api()).get("/api/v1/members").status() == 200);
        await().atMost(MOMENTS)
                .pollInterval(POLL)
                .until(() -> onB(removed.api()).get(HOURS).status() == 401);
    }

    @Test
    void aChangeThatRollsBackLeavesEveryNodeAsItWasThoughItsTransactionSawIt() {
        var owner = new Caller(tenant().id(), Caller.Type.MEMBER, "mem_owner", "Owner", Role.OWNER);

        tx.executeWithoutResult(status -> {
            policies.setEnabled(owner, "create_lead", false);
            schedules.replace(
                    owner, BusinessHoursDocument.weeklyHours(JsonMapper.shared().readTree(MADRID)));
            usage.setLimit(owner, 0);
            assertThat(policies.current(tenant().id(), "create_lead").enabled()).isFalse();
            assertThat(schedules.of(tenant().id()).timezone().getId()).isEqualTo("Europe/Madrid");
            status.setRollbackOnly();
        });

        assertThat(policies.current(tenant().id(), "create_lead").enabled()).isTrue();
        assertThat(schedules.of(tenant().id()).timezone().getId()).isEqualTo("UTC");
        Api agent = tenant().integrationKey();
        assertThat(agent.post(ACTIONS, LEAD).status()).isEqualTo(201);
        assertThat(onB(agent).post(ACTIONS, LEAD).status()).isEqualTo(201);
        assertThat(onB(tenant().owner()).get(HOURS).text("timezone")).isEqualTo("UTC");
    }
}
