package com.polaris.operator.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.polaris.operator.webhook.IntegrationApiTest;
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
 * What the operator adds to a proposal, outside the model's own time: {@code POST
 * /api/v1/conversations/{id}/prepare} against a local chat-completions stub that answers at once
 * with a valid {@code create_lead} call, beside the same proposal made directly with {@code POST
 * /api/v1/actions}, and beside a bare call of the stub (the model's own time here). The tool runs in
 * the request both ways ({@code approval: none, execution: immediate, preparedByOperator: policy}),
 * so both answers carry a completed action. One client alternates the three over kept-alive
 * connections, so all see the same machine at the same moment. Not part of the test suite: {@code
 * ./mvnw -Pbenchmark test -Dtest=OperatorPrepareBenchmark}; options {@code bench.operator-calls}
 * (timed calls of each kind, default 2,000) and {@code bench.operator-warm-up} (untimed, 1,000).
 */
@Tag("benchmark")
class OperatorPrepareBenchmark extends IntegrationApiTest {

    private static final int CALLS = Integer.getInteger("bench.operator-calls", 2_000);
    private static final int WARM_UP = Integer.getInteger("bench.operator-warm-up", 1_000);
    private static final String LEAD = "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}";
    private static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "tool_calls",
             "message": {"role": "assistant", "content": "The customer asked for a quote.",
              "tool_calls": [{"id": "call_1", "type": "function",
               "function": {"name": "create_lead", "arguments": "{\\"name\\": \\"Ana Ruiz\\", \\"email\\": \\"ana@example.com\\"}"}}]}}],
             "usage": {"prompt_tokens": 900, "completion_tokens": 30}}""";

    @Test
    void run() throws Exception {
        var model = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").disableRequestJournal());
        model.start();
        try {
            model.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(COMPLETION)));
            var tenant = newWorkspace();
            var owner = tenant.owner();
            assertThat(owner.put(
                                    "/api/v1/tools/create_lead/policy",
                                    Map.of(
                                            "approval",
                                            "none",
                                            "execution",
                                            "immediate",
                                            "preparedByOperator",
                                            "policy"))
                            .status())
                    .isEqualTo(200);
            owner.put("/api/v1/secrets/model_key", Map.of("value", "sk-bench"));
            assertThat(owner.put(
                                    "/api/v1/operator/model",
                                    Map.of(
                                            "baseUrl", "http://127.0.0.1:" + model.port() + "/v1",
                                            "model", "bench",
                                            "apiKeySecret", "model_key"))
                            .status())
                    .isEqualTo(200);
            var bot = tenant.integrationKey();
            for (String text : new String[] {
                "Hi, I'd like a quote for a kitchen", "Sure, who are you?", "Ana Ruiz, ana@example.com"
            }) {
                bot.post(
                        "/api/v1/conversations/conv_bench/messages",
                        Map.of("role", text.startsWith("Sure") ? "bot" : "customer", "text", text, "channel", "other"));
            }
            String token = Objects.requireNonNull(bot.token());
            String base = "http://localhost:" + port;
            var propose = HttpRequest.newBuilder(URI.create(base + "/api/v1/actions"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tool\": \"create_lead\", \"arguments\": " + LEAD
                            + ", \"conversation\": {\"id\": \"conv_bench\", \"channel\": \"other\"},"
                            + " \"reason\": \"The customer asked for a quote.\"}"))
                    .build();
            var prepare = HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations/conv_bench/prepare"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            var stub = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + model.port() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"bench\", \"messages\": []}"))
                    .build();
            long[] proposeNanos = new long[CALLS];
            long[] prepareNanos = new long[CALLS];
            long[] stubNanos = new long[CALLS];
            try (var rest = client();
                    var operator = client();
                    var direct = client()) {
                for (int i = 0; i < WARM_UP + CALLS; i++) {
                    long p = time(rest, propose, "\"status\":\"completed\"");
                    long o = time(operator, prepare, "\"outcome\":\"proposed\"");
                    long s = time(direct, stub, "tool_calls");
                    if (i >= WARM_UP) {
                        proposeNanos[i - WARM_UP] = p;
                        prepareNanos[i - WARM_UP] = o;
                        stubNanos[i - WARM_UP] = s;
                    }
                }
            }
            Arrays.sort(proposeNanos);
            Arrays.sort(prepareNanos);
            Arrays.sort(stubNanos);
            Latencies.printHeading("Operator prepare benchmark", CALLS, WARM_UP, 40);
            Latencies.print("POST /api/v1/actions", 40, proposeNanos);
            Latencies.print("POST /api/v1/conversations/{id}/prepare", 40, prepareNanos);
            Latencies.print("the stub alone (the model's own time)", 40, stubNanos);
            System.out.printf(
                    Locale.ROOT,
                    "prepare minus propose minus stub at p50: %.3f ms%n",
                    (Latencies.quantile(prepareNanos, 0.50)
                                    - Latencies.quantile(proposeNanos, 0.50)
                                    - Latencies.quantile(stubNanos, 0.50))
                            / 1e6);
        } finally {
            model.stop();
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static long time(HttpClient client, HttpRequest request, String expected) throws Exception {
        long started = System.nanoTime();
        var answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - started;
        if (answer.statusCode() >= 300 || !answer.body().replace(" ", "").contains(expected)) {
            throw new AssertionError("Unexpected answer " + answer.statusCode() + ": " + answer.body());
        }
        return took;
    }
}
