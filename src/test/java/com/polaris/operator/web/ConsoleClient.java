package com.polaris.operator.web;

import static com.polaris.operator.ApiTestBase.MEMBER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.ApiTestBase.Tenant;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * A member signed in to the console over plain HTTP, as a browser would be: the session cookie kept
 * by hand (it is {@code Secure}, which the JDK's cookie store does not send to {@code http://}), and
 * forms posted with the CSRF token of a page, URL-encoded as browsers send them.
 */
final class ConsoleClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String base;
    private final CookieJar cookies = new CookieJar();
    private String csrf = "";

    private ConsoleClient(String base) {
        this.base = base;
    }

    /** A browser nobody has signed in with, at the console listening on {@code port}. */
    static ConsoleClient anonymous(int port) {
        return new ConsoleClient("http://localhost:" + port);
    }

    static ConsoleClient signIn(String base, String email, String password) {
        var client = new ConsoleClient(base);
        var login = client.get("/login");
        var signedIn = client.postEncoded(
                "/login", encode(Map.of("email", email, "password", password, "_csrf", login.csrf())));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.location()).doesNotContain("error");
        client.csrf = client.get("/settings/tokens").csrf();
        return client;
    }

    /**
     * Adds a member with {@code role} and {@code name} to {@code tenant} and signs them in to the
     * console listening on {@code port}.
     */
    static ConsoleClient signInAs(int port, Tenant tenant, String role, String name) {
        return signIn("http://localhost:" + port, tenant.addMember(role, name), MEMBER_PASSWORD);
    }

    /** An answer of the console, its HTML read into a document. */
    record Answer(int status, String body, @Nullable String location) {

        Document document() {
            return Jsoup.parse(body);
        }

        String csrf() {
            Element token = document().selectFirst("input[name=_csrf]");
            assertThat(token).as("a CSRF token in " + body).isNotNull();
            return token.val();
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Opens the settings tab at {@code path}, which answers 200 with {@code title} marked as the current tab. */
    Answer settingsTab(String path, String title) {
        var tab = get(path);
        assertThat(tab.status()).isEqualTo(200);
        assertThat(tab.document().select("nav.filters .current").text()).isEqualTo(title);
        return tab;
    }

    /** Posts {@code fields} as a form with this session's CSRF token. */
    Answer post(String path, Map<String, String> fields) {
        var withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrf);
        return postEncoded(path, encode(withToken));
    }

    /**
     * Submits {@code form} of a page as a browser would: to its action, with its own hidden fields
     * (its CSRF field among them) and {@code fields}.
     */
    Answer submit(Element form, Map<String, String> fields) {
        var body = new LinkedHashMap<String, String>();
        form.select("input[type=hidden]").forEach(hidden -> body.put(hidden.attr("name"), hidden.val()));
        body.putAll(fields);
        return postEncoded(form.attr("action"), encode(body));
    }

    /** Posts a form body exactly as given (with the CSRF token added), for bytes no browser would send. */
    Answer postRaw(String path, String encodedFields) {
        return postEncoded(path, "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&" + encodedFields);
    }

    private Answer postEncoded(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)));
    }

    private Answer send(HttpRequest.Builder request) {
        cookies.sendWith(request);
        request.header("Accept", "text/html");
        try {
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            cookies.keepFrom(response);
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code fields} URL-encoded in UTF-8, as a browser encodes a form. */
    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
