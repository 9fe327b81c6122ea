package com.polaris.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running service, JSON in and out. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final @Nullable String token;

    public Api(String base, @Nullable String token) {
        this.base = base;
        this.token = token;
    }

    public Api as(@Nullable String otherToken) {
        return new Api(base, otherToken);
    }

    /** The bearer token this client sends, for clients of other protocols (MCP) in the same test. */
    public @Nullable String token() {
        return token;
    }

    /** The same caller, talking to the service at another address (another node). */
    public Api at(String otherBase) {
        return new Api(otherBase, token);
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String text(String field) {
            return body.path(field).asString();
        }

        public @Nullable String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The {@code field} of each of a problem's {@code errors}, in order. */
        public List<String> errorFields() {
            return each("errors", "field");
        }

        /** The {@code id} of each of a page's {@code items}, in order. */
        public List<String> itemIds() {
            return each("items", "id");
        }

        /** The page's first item; a page with no items fails the test. */
        public JsonNode firstItem() {
            JsonNode items = body.path("items");
            assertThat(items.isEmpty()).as("the page has no items: %s", body).isFalse();
            return items.path(0);
        }

        private List<String> each(String array, String field) {
            return body.path(array)
                    .valueStream()
                    .map(element -> element.path(field).asString())
                    .toList();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, @Nullable Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response post(String path, @Nullable Object body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public Response put(String path, @Nullable Object body) {
        return send("PUT", path, body, Map.of());
    }

    public Response patch(String path, @Nullable Object body) {
        return send("PATCH", path, body, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /**
     * Asserts that this caller sees nothing of {@code collection} (such as {@code /api/v1/leads}): its
     * resource {@code id} is a 404 problem and its list is empty, as another workspace's resource is to
     * the owner of a new workspace.
     */
    public void assertSeesNothingOf(String collection, String id) {
        var one = get(collection + "/" + id);
        assertThat(one.status()).as(one.toString()).isEqualTo(404);
        assertThat(one.header("Content-Type")).startsWith("application/problem+json");
        assertThat(get(collection).body().path("items")).isEmpty();
    }

    /** Sends raw bytes as the body, for malformed or oversized requests. */
    public Response sendRaw(String method, String path, String rawBody, String contentType) {
        var builder = request(path, Map.of("Accept", "*/*"))
                .header("Content-Type", contentType)
                .method(
                        method,
                        rawBody.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(rawBody));
        return execute(builder.build());
    }

    public Response send(String method, String path, @Nullable Object body, Map<String, String> headers) {
        var builder = request(path, headers);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(
                                    body instanceof String s ? s : JSON.writeValueAsString(body)));
        }
        return execute(builder.build());
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        if (!headers.containsKey("Accept")) {
            builder.header("Accept", "application/json, application/problem+json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? JSON.missingNode() : readOrText(text);
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(text);
        }
    }
}
