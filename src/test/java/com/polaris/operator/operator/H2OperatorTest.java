package com.polaris.operator.operator;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.H2ApiTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The operator on the embedded H2 database that a plain start uses: its tables, locks and counters work there too. */
class H2OperatorTest extends H2ApiTest {

    @DynamicPropertySource
    static void localModel(DynamicPropertyRegistry registry) {
        registry.add("polaris.webhooks.allowed-private-cidrs", () -> "127.0.0.0/8");
    }

    @Test
    void preparesByHandAndInTheBackgroundAndCountsTokens() {
        Api owner = tenant().owner();
        String path = "/h2/v1/chat/completions";
        OperatorApiTest.MODEL.stubFor(post(urlEqualTo(path))
                .willReturn(okJson(OperatorApiTest.toolCall(
                        "A lead.", "create_lead", "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}"))));
        tenant().useModel(
                        "sk-h2",
                        "http://127.0.0.1:" + OperatorApiTest.MODEL.port() + "/h2/v1",
                        Map.of("model", "m", "autoPrepare", true));
        for (String text : new String[] {"Hi", "I'm Ana Ruiz", "ana@example.com"}) {
            addMessage(agent(), "conv_h2", "customer", text, "other");
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> actions(owner) == 1);
        var prepared = agent().post("/api/v1/conversations/conv_h2/prepare", null);

        assertThat(prepared.status()).as(prepared.toString()).isEqualTo(201);
        assertThat(prepared.body().path("action").path("status").asString()).isEqualTo("pending_approval");
        assertThat(actions(owner)).isEqualTo(2);
        assertThat(OperatorApiTest.MODEL.findAll(postRequestedFor(urlEqualTo(path))))
                .hasSize(2);
        var tokens = owner.get("/api/v1/usage").body().path("modelTokens");
        assertThat(tokens.path("prompt").asLong()).isEqualTo(240);
        assertThat(tokens.path("completion").asLong()).isEqualTo(30);
    }

    private static int actions(Api owner) {
        return owner.get("/api/v1/actions?conversationId=conv_h2")
                .body()
                .path("items")
                .size();
    }
}
