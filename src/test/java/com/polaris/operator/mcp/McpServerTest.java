package com.polaris.operator.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.web.NotifyCrmAction;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP server on PostgreSQL, driven over HTTP by the MCP Java SDK's own client, as an agent
 * would: tools listed with their annotations and output schema, calls taking the path of
 * {@code POST /api/v1/actions}, approvals given by people over REST, sessions held by their token.
 */
class McpServerTest extends PostgresApiTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<String, Object> LEAD = Map.of("name", "Ana Ruiz", "email", "ana@example.com");

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

    private final List<McpSyncClient> clients = new ArrayList<>();

    @Autowired
    AgentSessions sessions;

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

    @Test
    void listsTheWorkspacesEnabledToolsWithAnnotationsAndOutputSchemas() {
        var client = connect(tenant().integrationKey());

        var init = client.getCurrentInitializationResult();
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.serverInfo().name()).isEqualTo("polaris-operator");

        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).contains("create_lead", "send_email", "get_action_status");
        McpSchema.Tool email = tool(tools, "send_email");
        assertThat(email.annotations().readOnlyHint()).isFalse();
        assertThat(email.annotations().destructiveHint()).isTrue();
        assertThat(email.annotations().openWorldHint()).isTrue();
        McpSchema.Tool lead = tool(tools, "create_lead");
        assertThat(lead.annotations().destructiveHint()).isFalse();
        assertThat(lead.annotations().openWorldHint()).isFalse();
        assertThat(lead.title()).isNotBlank();
        assertThat(JSON.valueToTree(lead.inputSchema()).path("properties").has("email"))
                .isTrue();
        assertThat(lead.outputSchema()).containsKey("properties");
        assertThat(tool(tools, "update_booking_status").annotations().destructiveHint())
                .isTrue();
        assertThat(tool(tools, "get_action_status").annotations().readOnlyHint())
                .isTrue();

        var disabled = tenant().owner().post("/api/v1/tools/send_email/disable", null);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("send_email");
    }

    @Test
    void anImmediateInternalToolCompletesWithItsResultAsStructuredContent() {
        tenant().savePolicy("create_lead", "none", "immediate", Map.of("businessHours", false));
        var agent = tenant().integrationKey();

        var result = connect(agent).callTool(call("create_lead", LEAD, Map.of("reason", "Asked for a quote")));

        assertThat(result.isError()).as(result.toString()).isFalse();
        JsonNode content = structured(result);
        assertThat(content.path("status").asString()).isEqualTo("completed");
        assertThat(content.path("result").path("leadId").asString()).startsWith("lead_");
        assertThat(text(result)).isEqualTo(content.path("message").asString());
        JsonNode action = agent.get(
                        "/api/v1/actions/" + content.path("actionId").asString())
                .body();
        assertThat(action.path("reason").asString()).isEqualTo("Asked for a quote");
        JsonNode requested = action.path("timeline").path(0);
        assertThat(requested.path("type").asString()).isEqualTo("action.requested");
        assertThat(requested.path("data").path("via").asString()).isEqualTo("mcp");
        assertThat(requested.path("actor").path("type").asString()).isEqualTo("api_key");
    }

    @Test
    void aToolNeedingApprovalWaitsAndItsOutcomeArrivesThroughGetActionStatus() {
        var agent = tenant().integrationKey();
        var client = connect(agent);

        var proposed = client.callTool(call("create_lead", LEAD, Map.of()));

        JsonNode pending = structured(proposed);
        assertThat(proposed.isError()).isFalse();
        assertThat(pending.path("status").asString()).isEqualTo("pending_approval");
        assertThat(pending.path("approvalId").asString()).startsWith("apr_");
        assertThat(text(proposed)).isEqualTo("A person must approve this first; it runs after approval.");

        approveAs(tenant().owner(), pending.path("approvalId").asString());
        String actionId = pending.path("actionId").asString();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> structured(
                                client.callTool(call("get_action_status", Map.of("actionId", actionId), Map.of())))
                        .path("status")
                        .asString()
                        .equals("completed"));
        JsonNode done = structured(client.callTool(call("get_action_status", Map.of("actionId", actionId), Map.of())));
        assertThat(done.path("result").path("leadId").asString()).startsWith("lead_");
    }

    @Test
    void aRejectionsReasonReachesTheAgent() {
        var client = connect(tenant().integrationKey());
        JsonNode pending = structured(client.callTool(call("create_lead", LEAD, Map.of())));

        var rejected = tenant().owner()
                .post(
                        "/api/v1/approvals/" + pending.path("approvalId").asString() + "/reject",
                        Map.of("reason", "We already have this customer"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);

        var status = client.callTool(call(
                "get_action_status", Map.of("actionId", pending.path("actionId").asString()), Map.of()));
        JsonNode content = structured(status);
        assertThat(content.path("status").asString()).isEqualTo("rejected");
        assertThat(content.path("reason").asString()).isEqualTo("We already have this customer");
        assertThat(text(status)).contains("We already have this customer");
    }

    @Test
    void badArgumentsAreAToolErrorNamingTheField() {
        var client = connect(tenant().integrationKey());

        var refused = client.callTool(call("create_lead", Map.of("name", "Ana"), Map.of()));

        assertThat(refused.isError()).isTrue();
        JsonNode error = structured(refused).path("error");
        assertThat(error.path("status").asInt()).isEqualTo(422);
        assertThat(error.path("errors").valueStream().map(e -> e.path("field").asString()))
                .anyMatch(field -> field.startsWith("arguments"));
        assertThat(text(refused)).contains("arguments");

        var unknown = client.callTool(call("no_such_tool", Map.of(), Map.of()));
        assertThat(unknown.isError()).isTrue();
        assertThat(structured(unknown).path("error").path("status").asInt()).isEqualTo(404);
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items").size())
                .isZero();
    }

    @Test
    void theSameIdempotencyKeyTwiceMakesOneAction() {
        tenant().savePolicy("create_lead", "none", "immediate", Map.of("businessHours", false));
        var client = connect(tenant().integrationKey());
        Map<String, Object> meta = Map.of("idempotencyKey", "mcp-lead-1");

        JsonNode first = structured(client.callTool(call("create_lead", LEAD, meta)));
        JsonNode second = structured(client.callTool(call("create_lead", LEAD, meta)));

        assertThat(second.path("actionId").asString())
                .isEqualTo(first.path("actionId").asString());
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items").size())
                .isEqualTo(1);
    }

    @Test
    void aDraftIsNotListedUntilPublishedAndAnotherWorkspacesKeySeesNoneOfItsToolsOrActions() {
        NotifyCrmAction.addDraftTo(tenant());
        List<List<McpSchema.Tool>> heard = Collections.synchronizedList(new ArrayList<>());
        var own = connect(tenant().integrationKey(), spec -> spec.toolsChangeConsumer(heard::add));
        assertThat(own.listTools().tools())
                .as("a draft is not listed")
                .extracting(McpSchema.Tool::name)
                .doesNotContain("notify_crm");
        var draftCall = own.callTool(call("notify_crm", Map.of(), Map.of()));
        assertThat(draftCall.isError()).isTrue();
        assertThat(structured(draftCall).path("error").path("status").asInt()).isEqualTo(404);
        var published = tenant().owner().post("/api/v1/tools/notify_crm/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
        assertThat(heard.getLast()).extracting(McpSchema.Tool::name).contains("notify_crm");
        assertThat(own.listTools().tools()).extracting(McpSchema.Tool::name).contains("notify_crm");
        var other = newWorkspace();
        tenant().savePolicy("create_lead", "none", "immediate", Map.of("businessHours", false));
        JsonNode mine = structured(connect(tenant().integrationKey()).callTool(call("create_lead", LEAD, Map.of())));

        var stranger = connect(other.integrationKey());

        assertThat(stranger.listTools().tools())
                .extracting(McpSchema.Tool::name)
                .doesNotContain("notify_crm");
        var peek = stranger.callTool(call(
                "get_action_status", Map.of("actionId", mine.path("actionId").asString()), Map.of()));
        assertThat(peek.isError()).isTrue();
        assertThat(structured(peek).path("error").path("status").asInt()).isEqualTo(404);
    }

    @Test
    void aChangeToAToolTellsConnectedSessionsToListAgain() {
        var other = newWorkspace();
        List<List<McpSchema.Tool>> heard = Collections.synchronizedList(new ArrayList<>());
        List<List<McpSchema.Tool>> heardElsewhere = Collections.synchronizedList(new ArrayList<>());
        connect(tenant().integrationKey(), spec -> spec.toolsChangeConsumer(heard::add));
        connect(other.integrationKey(), spec -> spec.toolsChangeConsumer(heardElsewhere::add));

        var disabled = tenant().owner().post("/api/v1/tools/create_lead/disable", null);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
        assertThat(heard.getLast()).extracting(McpSchema.Tool::name).doesNotContain("create_lead");
        assertThat(heardElsewhere).isEmpty();
    }

    @Test
    void aSessionAnswersOnlyTheTokenThatOpenedIt() throws Exception {
        var key = tenant().integrationKey();
        var first = rawInitialize(key.token());
        assertThat(first.statusCode()).isEqualTo(200);
        String session = first.headers().firstValue("Mcp-Session-Id").orElseThrow();

        var sameToken = raw(key.token(), session, PING);
        var otherToken = raw(tenant().integrationKey().token(), session, PING);
        var noToken = raw(null, session, PING);
        var badToken = raw("pol_not_a_token", null, initializeBody());

        assertThat(sameToken.statusCode()).as(sameToken.body()).isEqualTo(200);
        assertThat(otherToken.statusCode()).as(otherToken.body()).isEqualTo(404);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(badToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aTokensOldestSessionEndsWhenItOpensMoreThanItMay() throws Exception {
        var key = tenant().integrationKey();
        String oldest = openSession(key.token());
        for (int i = 0; i < 10; i++) {
            assertThat(rawInitialize(key.token()).statusCode()).isEqualTo(200);
        }

        var ping = raw(key.token(), oldest, PING);

        assertThat(ping.statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionWithoutRequestsForTheIdleTimeEnds() throws Exception {
        var key = tenant().integrationKey();
        String idle = openSession(key.token());
        String busy = openSession(key.token());

        clock.advance(Duration.ofMinutes(10));
        assertThat(raw(key.token(), busy, PING).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(6));
        sessions.endIdle();

        assertThat(raw(key.token(), idle, PING).statusCode()).isEqualTo(404);
        assertThat(raw(key.token(), busy, PING).statusCode()).isEqualTo(200);
    }

    private McpSyncClient connect(Api api) {
        return connect(api, spec -> {});
    }

    private McpSyncClient connect(Api api, Consumer<McpClient.SyncSpec> customize) {
        String token = Objects.requireNonNull(api.token());
        var transport = HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JSON))
                .httpRequestCustomizer(
                        (builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        var spec = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20))
                .clientInfo(new McpSchema.Implementation("polaris-test-agent", "1.0"));
        customize.accept(spec);
        McpSyncClient client = spec.build();
        client.initialize();
        clients.add(client);
        return client;
    }

    private static McpSchema.CallToolRequest call(
            String tool, Map<String, Object> arguments, Map<String, Object> meta) {
        return new McpSchema.CallToolRequest(tool, arguments, meta.isEmpty() ? null : meta);
    }

    private static McpSchema.Tool tool(List<McpSchema.Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        return JSON.valueToTree(result.structuredContent());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private HttpResponse<String> rawInitialize(String token) throws Exception {
        return raw(token, null, initializeBody());
    }

    /** Initializes a session for {@code token} over raw HTTP; answers its id. */
    private String openSession(String token) throws Exception {
        return rawInitialize(token).headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static String initializeBody() {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
    }

    private HttpResponse<String> raw(String token, String session, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
            request.header("MCP-Protocol-Version", "2025-06-18");
        }
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
