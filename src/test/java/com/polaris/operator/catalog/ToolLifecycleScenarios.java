package com.polaris.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import com.polaris.operator.CustomActions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drafts and publication of tools, test runs of drafts, and the tools handed to function callers;
 * run on PostgreSQL ({@link ToolLifecycleApiTest}) and on the embedded H2 database ({@link H2ToolLifecycleTest}).
 */
abstract class ToolLifecycleScenarios extends ApiTestBase {

    private static final Map<String, Object> ORDER_SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of("orderId", Map.of("type", "integer")),
            "required",
            List.of("orderId"),
            "additionalProperties",
            false);

    /** The workspace's owner. */
    private Api owner;

    @BeforeEach
    void newWorkspaceForEachTest() {
        owner = tenant().owner();
    }

    private static Map<String, Object> webhook(String name) {
        return CustomActions.notifyCrm(name, ORDER_SCHEMA, Map.of("url", "https://crm.example.com/hooks"));
    }

    private static List<String> names(Api.Response list) {
        return list.body()
                .path("items")
                .valueStream()
                .map(t -> t.path("name").asString())
                .toList();
    }

    @Test
    void aNewCustomActionIsADraftThatIntegrationKeysCannotSeeOrProposeUntilPublished() {
        Api agent = tenant().integrationKey();

        var created = owner.post("/api/v1/tools", webhook("notify_crm"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().path("published").asBoolean(true)).isFalse();
        assertThat(owner.get("/api/v1/tools/create_lead")
                        .body()
                        .path("published")
                        .asBoolean())
                .as("built-in tools are published")
                .isTrue();
        assertThat(owner.get("/api/v1/tools/notify_crm")
                        .body()
                        .path("published")
                        .asBoolean(true))
                .isFalse();
        assertThat(names(owner.get("/api/v1/tools"))).contains("notify_crm");

        assertThat(agent.get("/api/v1/tools/notify_crm").status()).isEqualTo(404);
        assertThat(names(agent.get("/api/v1/tools")))
                .doesNotContain("notify_crm")
                .contains("create_lead");
        var proposal = Map.of("tool", "notify_crm", "arguments", Map.of("orderId", 7));
        var refused = agent.post("/api/v1/actions", proposal);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        var byMember = owner.post("/api/v1/actions", proposal);
        assertThat(byMember.status()).isEqualTo(409);
        assertThat(byMember.text("type")).endsWith("tool-draft");
        assertThat(owner.get("/api/v1/actions?tool=notify_crm").body().path("items"))
                .as("nothing is stored for a refused proposal")
                .isEmpty();

        var published = owner.post("/api/v1/tools/notify_crm/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        assertThat(published.body().path("published").asBoolean()).isTrue();
        assertThat(agent.get("/api/v1/tools/notify_crm")
                        .body()
                        .path("published")
                        .asBoolean())
                .isTrue();
        assertThat(names(agent.get("/api/v1/tools"))).contains("notify_crm");
        var proposed = agent.post("/api/v1/actions", proposal);
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        assertThat(proposed.body().path("test").asBoolean(true)).isFalse();
    }

    @Test
    void publishingIsForOwnersAndAdminsAndEveryChangeIsAudited() {
        Api agent = tenant().integrationKey();
        Api admin = tenant().member("admin").api();
        for (Api refused : List.of(
                tenant().member("viewer").api(), tenant().member("reviewer").api(), agent)) {
            assertThat(refused.post("/api/v1/tools/create_lead/unpublish", null).status())
                    .isEqualTo(403);
        }
        assertThat(owner.get("/api/v1/tools/create_lead")
                        .body()
                        .path("published")
                        .asBoolean())
                .isTrue();

        var unpublished = admin.post("/api/v1/tools/create_lead/unpublish", null);
        assertThat(unpublished.status()).as(unpublished.toString()).isEqualTo(200);
        assertThat(unpublished.body().path("published").asBoolean(true)).isFalse();
        assertThat(admin.post("/api/v1/tools/create_lead/unpublish", null).status())
                .as("unpublishing a draft changes nothing")
                .isEqualTo(200);
        assertThat(agent.get("/api/v1/tools/create_lead").status()).isEqualTo(404);
        assertThat(proposeLead(agent, "Ana", "a@example.com").status()).isEqualTo(404);
        assertThat(owner.post("/api/v1/tools/create_lead/publish", null).status())
                .isEqualTo(200);
        assertThat(agent.get("/api/v1/tools/create_lead").status()).isEqualTo(200);

        List<JsonNode> events = owner.get("/api/v1/audit?subject=publication:create_lead")
                .body()
                .path("items")
                .valueStream()
                .toList();
        assertThat(events)
                .extracting(e -> e.path("type").asString())
                .containsExactly("tool.published", "tool.unpublished");
        assertThat(events.get(1).path("actor").path("type").asString()).isEqualTo("member");
        assertThat(events.get(1).path("data").path("published").asBoolean(true)).isFalse();

        assertThat(owner.post("/api/v1/tools/no_such_tool/publish", null).status())
                .isEqualTo(404);
        var other = newWorkspace().owner();
        assertThat(other.post("/api/v1/tools", webhook("their_hook")).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/tools/their_hook/publish", null).status())
                .as("another workspace's tool does not exist here")
                .isEqualTo(404);
    }

    @Test
    void aMemberTestRunOfADraftIsARealActionMarkedAsATest() {
        Api reviewer = tenant().member("reviewer").api();
        assertThat(owner.post("/api/v1/tools", webhook("notify_crm")).status()).isEqualTo(201);

        var run = reviewer.post(
                "/api/v1/tools/notify_crm/test-runs",
                Map.of(
                        "arguments",
                        Map.of("orderId", 7),
                        "conversation",
                        Map.of("id", "conv_test"),
                        "reason",
                        "Trying the draft"));
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        assertThat(run.body().path("test").asBoolean()).isTrue();
        assertThat(run.text("tool")).isEqualTo("notify_crm");
        assertThat(run.text("status"))
                .as("an external tool waits for a person, as any proposal does")
                .isEqualTo("pending_approval");
        assertThat(run.body().path("approval").path("status").asString()).isEqualTo("pending");
        assertThat(run.body().path("requestedBy").path("type").asString()).isEqualTo("member");
        var approval = owner.get(
                "/api/v1/approvals/" + run.body().path("approval").path("id").asString());
        assertThat(approval.text("summary"))
                .as("reviewers and their notifications are told it is a test")
                .isEqualTo("Test run: Notify the CRM");

        var read = owner.get("/api/v1/actions/" + run.text("id"));
        assertThat(read.body().path("test").asBoolean()).isTrue();
        assertThat(read.body().path("timeline").get(0).path("data").path("test").asBoolean())
                .isTrue();
        assertThat(names(owner.get("/api/v1/actions?test=true")).size()).isEqualTo(1);
        assertThat(owner.get("/api/v1/actions?test=true").firstItem().path("id").asString())
                .isEqualTo(run.text("id"));
        assertThat(owner.get("/api/v1/actions?test=false").body().path("items")).isEmpty();
        assertThat(owner.get("/api/v1/actions?test=maybe").status()).isEqualTo(400);

        var approved = owner.post(
                "/api/v1/approvals/" + run.body().path("approval").path("id").asString() + "/approve", null);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);

        assertThat(tenant().integrationKey()
                        .post("/api/v1/tools/notify_crm/test-runs", Map.of("arguments", Map.of("orderId", 1)))
                        .status())
                .isEqualTo(403);
        var bad = reviewer.post("/api/v1/tools/notify_crm/test-runs", Map.of("arguments", Map.of("orderId", "x")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().path("errors").get(0).path("field").asString()).isEqualTo("arguments.orderId");
        var unknown = reviewer.post(
                "/api/v1/tools/notify_crm/test-runs", Map.of("arguments", Map.of("orderId", 1), "tool", "create_lead"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("errors").get(0).path("field").asString())
                .isEqualTo("tool");
        assertThat(reviewer.post("/api/v1/tools/no_such_tool/test-runs", Map.of("arguments", Map.of()))
                        .status())
                .isEqualTo(404);
        assertThat(owner.get("/api/v1/actions?tool=notify_crm").body().path("items"))
                .as("refused test runs store nothing")
                .hasSize(1);
    }

    @Test
    void aTestRunOfAnImmediateToolRunsAtOnce() {
        owner.put("/api/v1/tools/create_lead/policy", Map.of("approval", "none", "execution", "immediate"));
        owner.post("/api/v1/tools/create_lead/unpublish", null);

        var run = tenant().member("viewer")
                .api()
                .post(
                        "/api/v1/tools/create_lead/test-runs",
                        Map.of("arguments", Map.of("name", "Ana Ruiz", "email", "ana@example.com")));

        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        assertThat(run.text("status")).isEqualTo("completed");
        assertThat(run.body().path("test").asBoolean()).isTrue();
        assertThat(run.body().path("result").has("leadId")).isTrue();
    }

    @Test
    void getActionStatusIsAReservedName() {
        var created = owner.post("/api/v1/tools", webhook("get_action_status"));

        assertThat(created.status()).isEqualTo(422);
        assertThat(created.body().path("errors").get(0).path("field").asString())
                .isEqualTo("name");
        assertThat(created.body().path("errors").get(0).path("message").asString())
                .contains("reserved");
    }

    @Test
    void functionCallersGetThePublishedEnabledToolsAndGetActionStatus() {
        Api agent = tenant().integrationKey();
        assertThat(owner.post("/api/v1/tools", webhook("draft_hook")).status()).isEqualTo(201);
        assertThat(owner.post("/api/v1/tools", webhook("live_hook")).status()).isEqualTo(201);
        owner.post("/api/v1/tools/live_hook/publish", null);
        owner.post("/api/v1/tools/send_notification/disable", null);

        var openai = agent.get("/api/v1/tools?format=openai");
        assertThat(openai.status()).as(openai.toString()).isEqualTo(200);
        List<JsonNode> functions = openai.body().path("items").valueStream().toList();
        assertThat(functions)
                .allSatisfy(f -> assertThat(f.path("type").asString()).isEqualTo("function"));
        List<String> named = functions.stream()
                .map(f -> f.path("function").path("name").asString())
                .toList();
        assertThat(named)
                .contains("create_lead", "live_hook")
                .doesNotContain("draft_hook", "send_notification")
                .endsWith("get_action_status");
        JsonNode live = functions.get(named.indexOf("live_hook")).path("function");
        assertThat(live.path("description").asString()).isEqualTo("Posts the order to the CRM");
        assertThat(live.path("parameters")).isEqualTo(JsonMapper.shared().valueToTree(ORDER_SCHEMA));
        JsonNode status = functions.getLast().path("function");
        assertThat(status.path("parameters")).isEqualTo(JsonMapper.shared().readTree("""
                {"type":"object","properties":{"actionId":{"type":"string"}},"required":["actionId"],
                 "additionalProperties":false}"""));
        assertThat(status.path("description").asString()).contains("status", "result", "reason");
        assertThat(owner.get("/api/v1/tools?format=openai").body())
                .as("members get the same tools an agent would")
                .isEqualTo(openai.body());

        var anthropic = agent.get("/api/v1/tools?format=anthropic");
        assertThat(anthropic.status()).isEqualTo(200);
        List<JsonNode> tools = anthropic.body().path("items").valueStream().toList();
        assertThat(tools).extracting(t -> t.path("name").asString()).isEqualTo(named);
        assertThat(tools.get(named.indexOf("live_hook")).path("input_schema"))
                .isEqualTo(JsonMapper.shared().valueToTree(ORDER_SCHEMA));
        assertThat(tools.getLast().path("input_schema").path("required").get(0).asString())
                .isEqualTo("actionId");

        var unknown = agent.get("/api/v1/tools?format=xml");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.text("detail")).contains("openai", "anthropic");
    }
}
