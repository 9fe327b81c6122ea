package com.polaris.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolPolicyApiTest extends PostgresApiTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<String, Object> LOW_RISK = Map.of("approval", "none", "execution", "immediate");
    private static final Map<String, Object> OPTIONAL_IN_HOURS = Map.of(
            "approval",
            "optional",
            "execution",
            "background",
            "businessHours",
            true,
            "retry",
            Map.of("maxAttempts", 8));

    @Autowired
    private JdbcClient jdbc;

    @Test
    void neverConfiguredToolHasTheSafeDefaultAtVersionZero() {

        var tool = tenant().owner().get("/api/v1/tools/create_lead");

        assertThat(tool.status()).isEqualTo(200);
        assertThat(tool.text("name")).isEqualTo("create_lead");
        assertThat(tool.text("kind")).isEqualTo("internal");
        assertThat(tool.body().path("enabled").asBoolean()).isTrue();
        assertThat(tool.body().path("policyVersion").asInt()).isZero();
        assertThat(tool.body().path("policy")).isEqualTo(json("""
                {"approval": "required", "execution": "background", "businessHours": false, "retry": {"maxAttempts": 5}}"""));
        assertThat(tool.body().path("effectivePolicy")).isEqualTo(json("""
                {"approval": "required", "execution": "background", "businessHours": false, "forced": []}"""));
        assertThat(tool.body().has("inputSchema")).isTrue();
    }

    @Test
    void savedPolicyRoundTripsAndEachSaveIsANewVersion() {

        var first = tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);
        var second = tenant().owner().put("/api/v1/tools/create_lead/policy", OPTIONAL_IN_HOURS);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().path("policyVersion").asInt()).isEqualTo(1);
        assertThat(first.body().path("policy")).isEqualTo(json("""
                {"approval": "none", "execution": "immediate", "businessHours": false, "retry": {"maxAttempts": 5}}"""));
        assertThat(first.body().path("effectivePolicy")).isEqualTo(json("""
                {"approval": "none", "execution": "immediate", "businessHours": false, "forced": []}"""));
        assertThat(second.body().path("policyVersion").asInt()).isEqualTo(2);
        var read = tenant().owner().get("/api/v1/tools/create_lead");
        assertThat(read.body().path("policyVersion").asInt()).isEqualTo(2);
        assertThat(read.body().path("policy")).isEqualTo(json("""
                {"approval": "optional", "execution": "background", "businessHours": true, "retry": {"maxAttempts": 8}}"""));
    }

    @Test
    void unknownFieldGets422WithTheFieldAndNothingIsSaved() {
        tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);

        var refused = tenant().owner()
                .put(
                        "/api/v1/tools/create_lead/policy",
                        Map.of("approval", "required", "execution", "background", "colour", "blue"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().path("errors")).isEqualTo(json("""
                [{"field": "colour", "message": "is not a known field"}]"""));
        var tool = tenant().owner().get("/api/v1/tools/create_lead");
        assertThat(tool.body().path("policyVersion").asInt()).isEqualTo(1);
        assertThat(tool.body().path("policy").path("approval").asString()).isEqualTo("none");
        assertThat(tenant().owner()
                        .get("/api/v1/tools/create_lead/policy/versions")
                        .body()
                        .path("items"))
                .hasSize(1);
    }

    @Test
    void everyInvalidFieldIsListed() {

        var refused = tenant().owner()
                .put(
                        "/api/v1/tools/create_lead/policy",
                        Map.of("approval", "sometimes", "businessHours", "yes", "retry", Map.of("maxAttempts", 50)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields())
                .containsExactlyInAnyOrder("approval", "execution", "businessHours", "retry.maxAttempts");
        assertThat(tenant().policyVersion("create_lead")).isZero();
    }

    @Test
    void missingBodyGets422() {

        var refused = tenant().owner().put("/api/v1/tools/create_lead/policy", null);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("policy");
    }

    @Test
    void onlyOwnersAndAdminsChangePolicies() {
        List<Api> refusedCallers = List.of(
                tenant().member("reviewer").api(), tenant().member("viewer").api(), tenant().integrationKey());

        for (Api caller : refusedCallers) {
            var answer = caller.put("/api/v1/tools/create_lead/policy", LOW_RISK);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        }
        var admin = tenant().member("admin").api().put("/api/v1/tools/create_lead/policy", LOW_RISK);

        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body().path("policyVersion").asInt()).isEqualTo(1);
    }

    @Test
    void externalToolKeepsAWeakerPolicyAsSavedButForcesApprovalAndBackground() {

        var saved = tenant().owner().put("/api/v1/tools/send_email/policy", LOW_RISK);

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text("kind")).isEqualTo("external");
        assertThat(saved.body().path("policy").path("approval").asString()).isEqualTo("none");
        assertThat(saved.body().path("policy").path("execution").asString()).isEqualTo("immediate");
        assertThat(saved.body().path("effectivePolicy")).isEqualTo(json("""
                {"approval": "required", "execution": "background", "businessHours": false,
                 "forced": ["approval", "execution"]}"""));
    }

    @Test
    void presetsAreListedForAnyCaller() {

        var presets = tenant().integrationKey().get("/api/v1/policy-presets");

        assertThat(presets.status()).isEqualTo(200);
        assertThat(presets.body().path("nextCursor").isNull()).isTrue();
        assertThat(presets.body().path("items").findValuesAsString("name"))
                .containsExactly("safe_default", "internal_low_risk", "business_hours");
        for (JsonNode preset : presets.body().path("items")) {
            assertThat(preset.path("title").asString()).isNotBlank();
            assertThat(preset.path("description").asString()).isNotBlank();
        }
        assertThat(presets.body().path("items").get(1).path("policy")).isEqualTo(json("""
                {"approval": "none", "execution": "immediate", "businessHours": false, "retry": {"maxAttempts": 5}}"""));
        assertThat(presets.body()
                        .path("items")
                        .get(2)
                        .path("policy")
                        .path("businessHours")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPresetPutAsThePolicyIsSaved() {
        var preset = tenant().owner()
                .get("/api/v1/policy-presets")
                .body()
                .path("items")
                .get(2)
                .path("policy");

        var saved = tenant().owner().put("/api/v1/tools/booking_request/policy", preset);

        assertThat(saved.body().path("policy")).isEqualTo(preset);
    }

    @Test
    void historyIsNewestFirstWithWhoChangedItAndPages() {
        var admin = tenant().member("admin");
        tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);
        admin.api().put("/api/v1/tools/create_lead/policy", OPTIONAL_IN_HOURS);
        tenant().owner()
                .put("/api/v1/tools/create_lead/policy", Map.of("approval", "required", "execution", "background"));

        var history = tenant().member("viewer").api().get("/api/v1/tools/create_lead/policy/versions");

        assertThat(history.status()).isEqualTo(200);
        JsonNode items = history.body().path("items");
        assertThat(items.findValues("version")).extracting(JsonNode::asInt).containsExactly(3, 2, 1);
        assertThat(items.get(1).path("changedBy").path("id").asString()).isEqualTo(admin.id());
        assertThat(items.get(1).path("changedBy").path("name").asString()).isEqualTo("A admin");
        assertThat(items.get(1).path("policy").path("approval").asString()).isEqualTo("optional");
        assertThat(items.get(2).path("changedBy").path("name").asString()).isEqualTo("Owner");
        assertThat(items.get(0).path("changedAt").asString()).endsWith("Z");

        var firstPage = tenant().owner().get("/api/v1/tools/create_lead/policy/versions?limit=2");
        assertThat(firstPage.body().path("items").findValues("version"))
                .extracting(JsonNode::asInt)
                .containsExactly(3, 2);
        var secondPage = tenant().owner()
                .get("/api/v1/tools/create_lead/policy/versions?limit=2&cursor=" + firstPage.text("nextCursor"));
        assertThat(secondPage.body().path("items").findValues("version"))
                .extracting(JsonNode::asInt)
                .containsExactly(1);
        assertThat(secondPage.body().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void integrationKeyCannotReadPolicyHistory() {

        assertThat(tenant().integrationKey()
                        .get("/api/v1/tools/create_lead/policy/versions")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void policyChangesAreAuditedWithBeforeAndAfter() {
        tenant().owner().put("/api/v1/tools/send_email/policy", LOW_RISK);
        tenant().owner().put("/api/v1/tools/send_email/policy", OPTIONAL_IN_HOURS);

        List<AuditRow> events = jdbc.sql("""
                        select type, subject, actor_name, data from audit_events
                        where workspace_id = ? and type = 'policy.updated' order by seq""")
                .param(tenant().id())
                .query((rs, n) ->
                        new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), json(rs.getString(4))))
                .list();

        assertThat(events).hasSize(2);
        assertThat(events).extracting(AuditRow::subject).containsOnly("policy:send_email");
        assertThat(events).extracting(AuditRow::actorName).containsOnly("Owner");
        JsonNode first = events.get(0).data();
        assertThat(first.path("tool").asString()).isEqualTo("send_email");
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("before").isNull()).isTrue();
        assertThat(first.path("after")).isEqualTo(json("""
                {"approval": "none", "execution": "immediate", "businessHours": false, "retry": {"maxAttempts": 5}}"""));
        assertThat(first.path("forced")).isEqualTo(json("[\"approval\", \"execution\"]"));
        JsonNode second = events.get(1).data();
        assertThat(second.path("version").asInt()).isEqualTo(2);
        assertThat(second.path("before")).isEqualTo(first.path("after"));
        assertThat(second.path("after").path("retry").path("maxAttempts").asInt())
                .isEqualTo(8);
    }

    @Test
    void refusedPolicyLeavesNoAuditEvent() {

        tenant().owner().put("/api/v1/tools/create_lead/policy", Map.of("approval", "none"));

        assertThat(jdbc.sql("select count(*) from audit_events where workspace_id = ? and type = 'policy.updated'")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void disabledToolShowsDisabledUntilEnabledAgain() {

        var disabled = tenant().owner().post("/api/v1/tools/tag_conversation/disable", null);

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.body().path("enabled").asBoolean()).isFalse();
        assertThat(tenant().integrationKey()
                        .get("/api/v1/tools/tag_conversation")
                        .body()
                        .path("enabled")
                        .asBoolean())
                .isFalse();
        assertThat(tenant().policyVersion("tag_conversation")).isZero();

        var enabled = tenant().owner().post("/api/v1/tools/tag_conversation/enable", null);

        assertThat(enabled.body().path("enabled").asBoolean()).isTrue();
        assertThat(jdbc.sql("select type from audit_events where workspace_id = ? and subject = ? order by seq")
                        .params(tenant().id(), "policy:tag_conversation")
                        .query(String.class)
                        .list())
                .containsExactly("tool.disabled", "tool.enabled");
    }

    @Test
    void savingAPolicyKeepsADisabledToolDisabled() {
        tenant().owner().post("/api/v1/tools/create_lead/disable", null);

        var saved = tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);

        assertThat(saved.body().path("enabled").asBoolean()).isFalse();
        assertThat(saved.body().path("policyVersion").asInt()).isEqualTo(1);
    }

    @Test
    void onlyOwnersAndAdminsEnableOrDisable() {

        assertThat(tenant().member("reviewer")
                        .api()
                        .post("/api/v1/tools/create_lead/disable", null)
                        .status())
                .isEqualTo(403);
        assertThat(tenant().integrationKey()
                        .post("/api/v1/tools/create_lead/disable", null)
                        .status())
                .isEqualTo(403);
        assertThat(tenant().owner()
                        .get("/api/v1/tools/create_lead")
                        .body()
                        .path("enabled")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void unknownToolGets404Everywhere() {
        var owner = tenant().owner();

        assertThat(owner.get("/api/v1/tools/no_such_tool").status()).isEqualTo(404);
        assertThat(owner.put("/api/v1/tools/no_such_tool/policy", LOW_RISK).status())
                .isEqualTo(404);
        assertThat(owner.get("/api/v1/tools/no_such_tool/policy/versions").status())
                .isEqualTo(404);
        assertThat(owner.post("/api/v1/tools/no_such_tool/enable", null).status())
                .isEqualTo(404);
        var disable = owner.post("/api/v1/tools/no_such_tool/disable", null);
        assertThat(disable.status()).isEqualTo(404);
        assertThat(disable.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void toolListShowsEveryToolWithItsSettingsAndPages() {
        tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);
        tenant().owner().post("/api/v1/tools/send_notification/disable", null);

        var all = tenant().owner().get("/api/v1/tools");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()
                        .path("items")
                        .valueStream()
                        .map(t -> t.path("name").asString())
                        .toList())
                .containsExactly(
                        "apply_discount",
                        "booking_request",
                        "create_lead",
                        "create_support_task",
                        "generic_webhook",
                        "send_email",
                        "send_notification",
                        "send_whatsapp_message",
                        "tag_conversation",
                        "update_booking_status",
                        "update_lead_status");
        assertThat(all.body().path("nextCursor").isNull()).isTrue();
        JsonNode lead = all.body().path("items").get(2);
        assertThat(lead.path("policyVersion").asInt()).isEqualTo(1);
        assertThat(lead.path("effectivePolicy").path("execution").asString()).isEqualTo("immediate");
        assertThat(all.body().path("items").get(6).path("enabled").asBoolean()).isFalse();

        var firstPage = tenant().owner().get("/api/v1/tools?limit=4");
        var secondPage = tenant().owner().get("/api/v1/tools?limit=4&cursor=" + firstPage.text("nextCursor"));
        assertThat(firstPage.body().path("items")).hasSize(4);
        assertThat(secondPage
                        .body()
                        .path("items")
                        .valueStream()
                        .map(t -> t.path("name").asString())
                        .toList())
                .containsExactly("generic_webhook", "send_email", "send_notification", "send_whatsapp_message");
    }

    @Test
    void anotherWorkspaceDoesNotSeeThePolicy() {
        var theirs = newWorkspace();
        tenant().owner().put("/api/v1/tools/create_lead/policy", LOW_RISK);

        var seen = theirs.owner().get("/api/v1/tools/create_lead");

        assertThat(seen.body().path("policyVersion").asInt()).isZero();
        assertThat(theirs.owner()
                        .get("/api/v1/tools/create_lead/policy/versions")
                        .body()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void toolsNeedAToken() {
        assertThat(anonymous().get("/api/v1/tools").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/v1/policy-presets").status()).isEqualTo(401);
    }

    @Test
    void concurrentFirstSavesBothGetTheirOwnVersion() throws Exception {
        var admin = tenant().member("admin").api();
        List<Callable<Api.Response>> saves = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            saves.add(() -> tenant().owner().put("/api/v1/tools/create_support_task/policy", LOW_RISK));
            saves.add(() -> admin.put("/api/v1/tools/create_support_task/policy", OPTIONAL_IN_HOURS));
        }

        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(saves.size())) {
            for (Future<Api.Response> answer : pool.invokeAll(saves)) {
                statuses.add(answer.get().status());
            }
        }

        assertThat(statuses).containsOnly(200);
        var history = tenant().owner().get("/api/v1/tools/create_support_task/policy/versions");
        assertThat(history.body().path("items").findValues("version"))
                .extracting(JsonNode::asInt)
                .containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(jdbc.sql("select count(*) from audit_events where workspace_id = ? and subject = ?")
                        .params(tenant().id(), "policy:create_support_task")
                        .query(Long.class)
                        .single())
                .isEqualTo(8);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private record AuditRow(String type, String subject, String actorName, JsonNode data) {}
}
