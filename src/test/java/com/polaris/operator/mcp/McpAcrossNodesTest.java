package com.polaris.operator.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.TwoNodeApiTest;
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
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one PostgreSQL database: an MCP session lives on the node that opened it (the other
 * node does not know it, so the client opens a new one there), and a change made through one node
 * tells the sessions on the other to list their tools again.
 */
class McpAcrossNodesTest extends TwoNodeApiTest {

    @Test
    void aChangeThroughOneNodeReachesTheSessionsOnTheOther() {
        String token = Objects.requireNonNull(agent().token());
        List<List<McpSchema.Tool>> heard = Collections.synchronizedList(new ArrayList<>());
        var transport = HttpClientStreamableHttpTransport.builder(nodeBUrl())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.shared()))
                .httpRequestCustomizer(
                        (builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + token))
                .build();
        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20))
                .toolsChangeConsumer(heard::add)
                .build()) {
            client.initialize();
            assertThat(client.listTools().tools())
                    .extracting(McpSchema.Tool::name)
                    .contains("send_email");

            var disabled = tenant().owner().post("/api/v1/tools/send_email/disable", null);
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
            assertThat(heard.getLast()).extracting(McpSchema.Tool::name).doesNotContain("send_email");
        }
    }

    @Test
    void aSessionOpenedOnOneNodeIsUnknownOnTheOther() throws Exception {
        String token = Objects.requireNonNull(agent().token());
        try (var http = HttpClient.newHttpClient()) {
            var opened =
                    http.send(post("http://localhost:" + port, token, null, """
                            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                             "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"""), HttpResponse.BodyHandlers.ofString());
            String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();

            var elsewhere = http.send(
                    post(nodeBUrl(), token, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"),
                    HttpResponse.BodyHandlers.ofString());
            var here = http.send(
                    post(
                            "http://localhost:" + port,
                            token,
                            session,
                            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(here.statusCode()).isEqualTo(200);
        }
    }

    private static HttpRequest post(String base, String token, String session, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return request.build();
    }
}
