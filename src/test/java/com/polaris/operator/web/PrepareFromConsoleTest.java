package com.polaris.operator.web;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * "Prepare an action" on a conversation's page: without a model the page says how to set one; with
 * one (a local stand-in) the proposed action opens, waiting for a person; a viewer is not offered it.
 */
class PrepareFromConsoleTest extends IntegrationApiTest {

    private static final WireMockServer MODEL = start();

    private static WireMockServer start() {
        var server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        MODEL.stop();
    }

    private static final String COMPLETION = """
            {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
              "content": "The customer wants a quote.",
              "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "create_lead",
                "arguments": "{\\"name\\": \\"Ana Ruiz\\", \\"email\\": \\"ana@example.com\\"}"}}]}}],
             "usage": {"prompt_tokens": 90, "completion_tokens": 12}}""";

    @Test
    void aReviewerPreparesAnActionFromAConversationAndAViewerIsNotOffered() {
        agent().post(
                        "/api/v1/conversations/conv_console/messages",
                        Map.of("role", "customer", "text", "A quote for 40 chairs, I'm Ana (ana@example.com)"));
        var reviewer = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");
        var viewer = ConsoleClient.signInAs(port, tenant(), "viewer", "Vic Viewer");
        assertThat(viewer.get("/conversations/conv_console").document().select("form[action$=/prepare]"))
                .isEmpty();
        assertThat(reviewer.get("/conversations/conv_console")
                        .document()
                        .select("form[action$=/prepare] button")
                        .text())
                .isEqualTo("Prepare an action");

        var unconfigured = reviewer.post("/conversations/conv_console/prepare", Map.of());
        assertThat(unconfigured.status()).isEqualTo(302);
        assertThat(reviewer.get(unconfigured.location())
                        .document()
                        .select(".flash")
                        .text())
                .contains("Nothing was prepared")
                .contains("PUT /api/v1/operator/model");

        MODEL.stubFor(post(urlEqualTo("/console/v1/chat/completions")).willReturn(okJson(COMPLETION)));
        tenant().useModel("sk-console", "http://127.0.0.1:" + MODEL.port() + "/console/v1", Map.of());

        var prepared = reviewer.post("/conversations/conv_console/prepare", Map.of());
        assertThat(prepared.status()).isEqualTo(302);
        assertThat(prepared.location()).startsWith("/actions/act_");
        var action = reviewer.get(prepared.location()).document();
        assertThat(action.select(".flash").text()).contains("The operator proposed this action");
        assertThat(action.select("#status").text()).isEqualTo("Pending approval");
        assertThat(viewer.post("/conversations/conv_console/prepare", Map.of()).status())
                .isEqualTo(403);
    }
}
