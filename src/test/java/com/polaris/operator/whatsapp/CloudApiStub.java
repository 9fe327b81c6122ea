package com.polaris.operator.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.polaris.operator.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for the WhatsApp Cloud API (WireMock over HTTPS on 127.0.0.1, with the webhook
 * tests' certificate, which {@code POLARIS_WEBHOOKS_TRUSTED_CERTS} trusts there), and what the Cloud
 * API does towards Polaris: signed inbound posts and the subscription handshake. Tests keep apart by
 * phone number id. Public, so tests of other modules (an end-to-end conversation) can use it with
 * {@link com.polaris.operator.webhook.IntegrationApiTest}.
 */
public final class CloudApiStub implements AutoCloseable {

    public static final String ACCESS_TOKEN = "EAAG-test-access-token-5f2c";
    public static final String APP_SECRET = "app-secret-7d1e9a";
    public static final String VERIFY_TOKEN = "verify-me-please-x7Qe";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WireMockServer server;

    /** A channel connected to this stub: its id, its inbound path on Polaris, and the answer of PUT. */
    public record Connected(String channelId, String inboundPath, Api.Response settings) {}

    public CloudApiStub() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(Path.of("src/test/resources/webhooks/receiver.p12")
                        .toAbsolutePath()
                        .toString())
                .keystoreType("PKCS12")
                .keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        server.start();
    }

    /** The Cloud API base URL a channel is set up with. */
    public String baseUrl() {
        return "https://localhost:" + server.httpsPort() + "/v21.0";
    }

    /** The same API over plain HTTP on 127.0.0.1 (reachable only through an allowed private range). */
    public String plainBaseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v21.0";
    }

    private static String messagesPath(String phoneNumberId) {
        return "/v21.0/" + phoneNumberId + "/messages";
    }

    /** Messages sent from {@code phoneNumberId} are accepted with {@code messageId}. */
    public CloudApiStub accepts(String phoneNumberId, String messageId) {
        server.stubFor(post(urlPathEqualTo(messagesPath(phoneNumberId))).willReturn(accepted(messageId)));
        return this;
    }

    /** Messages sent from {@code phoneNumberId} are answered {@code status} with {@code body}. */
    public CloudApiStub answers(String phoneNumberId, int status, String body) {
        server.stubFor(post(urlPathEqualTo(messagesPath(phoneNumberId)))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
        return this;
    }

    /** Messages sent from {@code phoneNumberId} are accepted, but only after {@code millis}. */
    public CloudApiStub slow(String phoneNumberId, int millis) {
        server.stubFor(post(urlPathEqualTo(messagesPath(phoneNumberId)))
                .willReturn(accepted("wamid.slow").withFixedDelay(millis)));
        return this;
    }

    /** The first message from {@code phoneNumberId} is answered {@code status} (Retry-After 1), the next accepted. */
    public CloudApiStub failsOnceThenAccepts(String phoneNumberId, int status, String messageId) {
        String scenario = "once-" + phoneNumberId;
        server.stubFor(post(urlPathEqualTo(messagesPath(phoneNumberId)))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"Service temporarily unavailable\", \"code\": 2}}"))
                .willSetStateTo("recovered"));
        server.stubFor(post(urlPathEqualTo(messagesPath(phoneNumberId)))
                .inScenario(scenario)
                .whenScenarioStateIs("recovered")
                .willReturn(accepted(messageId)));
        return this;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted(String messageId) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"+31612345678\","
                        + " \"wa_id\": \"31612345678\"}], \"messages\": [{\"id\": \"" + messageId + "\"}]}");
    }

    /** What Polaris sent from {@code phoneNumberId}, in order. */
    public List<LoggedRequest> sent(String phoneNumberId) {
        return server.findAll(postRequestedFor(urlPathEqualTo(messagesPath(phoneNumberId))));
    }

    /**
     * Connects the owner's workspace to this stub as {@code phoneNumberId}: the two secrets, then the
     * channel. Answers the channel's id and inbound path.
     */
    public Connected connect(Api owner, String phoneNumberId) {
        return connect(owner, phoneNumberId, baseUrl());
    }

    /** {@link #connect(Api, String)} with the API at {@code apiBaseUrl}. */
    public Connected connect(Api owner, String phoneNumberId, String apiBaseUrl) {
        assertThat(owner.put("/api/v1/secrets/wa_token", Map.of("value", ACCESS_TOKEN))
                        .status())
                .isEqualTo(204);
        assertThat(owner.put("/api/v1/secrets/wa_app_secret", Map.of("value", APP_SECRET))
                        .status())
                .isEqualTo(204);
        var settings = owner.put(
                "/api/v1/channels/whatsapp",
                Map.of(
                        "phoneNumberId",
                        phoneNumberId,
                        "accessTokenSecret",
                        "wa_token",
                        "appSecretSecret",
                        "wa_app_secret",
                        "verifyToken",
                        VERIFY_TOKEN,
                        "apiBaseUrl",
                        baseUrl()));
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        String id = settings.text("id");
        return new Connected(id, "/hooks/whatsapp/" + id, settings);
    }

    /** The {@code X-Hub-Signature-256} header the Cloud API sends with {@code body}. */
    public static String signature(String appSecret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Cloud API webhook payload with one text message from {@code from} (digits, no plus) to {@code phoneNumberId}. */
    public static String textMessage(String phoneNumberId, String from, String messageId, String text) {
        return message(phoneNumberId, from, messageId, "\"type\": \"text\", \"text\": {\"body\": \"" + text + "\"}");
    }

    /** A payload with one message whose type-specific part is {@code typed} (e.g. {@code "type": "image", "image": {...}}). */
    public static String message(String phoneNumberId, String from, String messageId, String typed) {
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages",
                  "value": {"messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%s"},
                    "contacts": [{"profile": {"name": "Ana"}, "wa_id": "%s"}],
                    "messages": [{"from": "%s", "id": "%s", "timestamp": "1764752100", %s}]}}]}]}""".formatted(phoneNumberId, from, from, messageId, typed);
    }

    /** POSTs {@code body} to Polaris at {@code path} with {@code signature} (none when null); answers the status. */
    public static HttpResponse<String> deliver(int port, String path, String body, String signature) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} to Polaris at {@code path} signed with the app secret, as the Cloud API sends it. */
    public static HttpResponse<String> deliverSigned(int port, String path, String body) {
        return deliver(port, path, body, signature(APP_SECRET, body));
    }

    /** The subscription handshake as the Cloud API makes it. */
    public static HttpResponse<String> handshake(int port, String path, String mode, String token, String challenge) {
        String query = "hub.mode=" + mode + "&hub.verify_token=" + token + "&hub.challenge=" + challenge;
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path + "?" + query))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
