package com.polaris.operator.bench;

import com.polaris.operator.PostgresApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What proposing through MCP costs over the REST API: the same immediate internal tool
 * ({@code create_lead}, approval none, run in the request) proposed by {@code tools/call} in an open
 * MCP session and by {@code POST /api/v1/actions}, alternately, by one client over one kept-alive
 * connection each, so both see the same machine at the same moment. Not part of the test suite: run
 * it with {@code ./mvnw -Pbenchmark test -Dtest=McpCallBenchmark}; options {@code bench.mcp-calls}
 * (timed calls of each kind, default 3,000) and {@code bench.mcp-warm-up} (untimed ones, 3,000).
 */
@Tag("benchmark")
class McpCallBenchmark extends PostgresApiTest {

    private static final int CALLS = Integer.getInteger("bench.mcp-calls", 3_000);
    private static final int WARM_UP = Integer.getInteger("bench.mcp-warm-up", 3_000);
    private static final String LEAD = "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}";

    @Test
    void run() throws Exception {
        var tenant = newWorkspace();
        tenant.savePolicy("create_lead", "none", "immediate", Map.of("businessHours", false));
        String token = Objects.requireNonNull(tenant.integrationKey().token());
        String base = "http://localhost:" + port;
        try (var rest = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                var mcp = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            var opened = mcp.send(mcpPost(base, token, null, """
                            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                             "capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}"""), HttpResponse.BodyHandlers.ofString());
            String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
            var restRequest = HttpRequest.newBuilder(URI.create(base + "/api/v1/actions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"tool\": \"create_lead\", \"arguments\": " + LEAD + "}"))
                    .build();
            var mcpRequest = mcpPost(base, token, session, """
                    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_lead","arguments":%s}}""".formatted(LEAD));
            long[] restNanos = new long[CALLS];
            long[] mcpNanos = new long[CALLS];
            for (int i = 0; i < WARM_UP + CALLS; i++) {
                long restTime = time(rest, restRequest, "\"status\":\"completed\"");
                long mcpTime = time(mcp, mcpRequest, "\"status\":\"completed\"");
                if (i >= WARM_UP) {
                    restNanos[i - WARM_UP] = restTime;
                    mcpNanos[i - WARM_UP] = mcpTime;
                }
            }
            Arrays.sort(restNanos);
            Arrays.sort(mcpNanos);
            Latencies.printHeading("MCP call benchmark", CALLS, WARM_UP, 28);
            Latencies.print("POST /api/v1/actions", 28, restNanos);
            Latencies.print("MCP tools/call", 28, mcpNanos);
            System.out.printf(
                    Locale.ROOT,
                    "MCP minus REST at p50: %.3f ms (ratio %.2f)%n",
                    (Latencies.quantile(mcpNanos, 0.50) - Latencies.quantile(restNanos, 0.50)) / 1e6,
                    (double) Latencies.quantile(mcpNanos, 0.50) / Latencies.quantile(restNanos, 0.50));
        }
    }

    private static long time(HttpClient client, HttpRequest request, String expected) throws Exception {
        long started = System.nanoTime();
        var answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        if (answer.statusCode() >= 300 || !answer.body().contains(expected)) {
            throw new AssertionError("Unexpected answer " + answer.statusCode() + ": " + answer.body());
        }
        return took;
    }

    private static HttpRequest mcpPost(String base, String token, String session, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return request.build();
    }
}
