package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Links and redirects never come from what a request says about where it was sent: with forged
 * {@code Host}, {@code X-Forwarded-Host}, {@code Forwarded} and similar headers on every request,
 * no answer — console redirects, sign-in and sign-out, the OpenAPI document, API answers and
 * errors — repeats any of them, and every redirect is a path on this site or the public URL.
 */
class PublicLinksTest extends PostgresApiTest {

    /** The public URL the tests' installation has: the default. */
    private static final String PUBLIC_URL = "http://localhost:8080";

    private static final String PASSWORD = "a long enough password";

    /** Host names a client may claim, of many shapes; each carries a mark ({@code zq<n>x}) to look for in answers. */
    static Stream<String> forgedHosts() {
        var shapes = Stream.of(
                "zq1x.example",
                "ZQ2X.Example:8443",
                "localhost.zq3x.test",
                "zq4x.example:80",
                "polaris.example.test.zq5x.test",
                "zq6x.example:65535",
                "a-b-c.zq7x.co.uk",
                "xn--zq8x-9ua.example",
                "127.0.0.1.zq9x.nip.io",
                "zq10x",
                "zq11x.example.",
                "localhost.zq12x");
        var random = new Random(13);
        var generated = IntStream.range(13, 21).mapToObj(n -> {
            var label = new StringBuilder();
            for (int i = 0, length = 1 + random.nextInt(12); i < length; i++) {
                label.append((char) ('a' + random.nextInt(26)));
            }
            return label + ".zq" + n + "x."
                    + List.of("com", "io", "internal", "test").get(random.nextInt(4))
                    + (random.nextBoolean() ? ":" + (1 + random.nextInt(65535)) : "");
        });
        return Stream.concat(shapes, generated);
    }

    @ParameterizedTest(name = "Host: {0}")
    @MethodSource("forgedHosts")
    void noAnswerRepeatsAForgedHostAndEveryRedirectIsAPathOrThePublicUrl(String host) {
        String mark = mark(host);
        var forged = new LinkedHashMap<String, String>();
        forged.put("Host", host);
        forged.put("X-Forwarded-Host", "fwd." + mark + ".example");
        forged.put("X-Forwarded-Proto", "https");
        forged.put("X-Forwarded-Port", "4443");
        forged.put("X-Forwarded-Prefix", "/" + mark);
        forged.put("Forwarded", "host=fwd2." + mark + ".example;proto=https");
        forged.put("X-Original-Host", "orig." + mark + ".example");
        forged.put("X-Host", "x." + mark + ".example");
        String email = "owner-" + mark + "-" + System.nanoTime() + "@example.com";
        assertThat(tenant().owner()
                        .post(
                                "/api/v1/members",
                                Map.of("email", email, "name", "Second owner", "role", "owner", "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        var site = new Site(port, forged, mark);

        site.expectRedirect(site.get("/actions", null), "/login");
        var asked = site.get("/actions/act_missing?status=failed", null);
        site.expectRedirect(asked, "/login");
        String signedOut = asked.session();
        var login = site.get("/login", signedOut);
        var signedIn =
                site.post("/login", signedOut, Map.of("email", email, "password", PASSWORD, "_csrf", login.csrf()));
        site.expectRedirect(signedIn, "/actions/act_missing?status=failed");
        String session = signedIn.session();
        var usagePage = site.get("/settings/usage", session);
        assertThat(usagePage.status()).isEqualTo(200);
        site.expectRedirect(
                site.post("/settings/usage", session, Map.of("limit", "", "_csrf", usagePage.csrf())),
                "/settings/usage");
        site.get("/approvals", session);
        site.get("/nowhere", session);
        site.expectRedirect(site.post("/logout", session, Map.of("_csrf", usagePage.csrf())), "/login?signedOut");
        site.get("/login?error", null);

        var docs = site.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        var servers = JsonMapper.shared()
                .readTree(docs.text().substring(docs.text().indexOf("\r\n\r\n") + 4))
                .path("servers");
        assertThat(servers.valueStream().map(s -> s.path("url").asString()).toList())
                .containsExactly(PUBLIC_URL);

        String token = anonymous()
                .post("/api/v1/auth/tokens", Map.of("email", email, "password", PASSWORD, "name", "Links"))
                .text("token");
        var created = site.api("POST", "/api/v1/actions", token, """
                {"tool": "create_support_task", "arguments": {"title": "Call back"}}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        site.api("GET", "/api/v1/actions/act_missing", token, "");
        site.api("GET", "/api/v1/usage", token, "");
        site.api("GET", "/api/v1/actions", null, "");
    }

    /** The part of a forged host that no answer may contain. */
    private static String mark(String host) {
        int at = host.toLowerCase(Locale.ROOT).indexOf("zq");
        return host.substring(at, host.toLowerCase(Locale.ROOT).indexOf('x', at) + 1)
                .toLowerCase(Locale.ROOT);
    }

    /** Requests to the console and the API that all carry the forged headers, each answer checked. */
    private record Site(int port, Map<String, String> forged, String mark) {

        RawHttp.Answer get(String path, @Nullable String session) {
            return checked(RawHttp.send(port, "GET", path, headers(session, null), ""));
        }

        RawHttp.Answer post(String path, @Nullable String session, Map<String, String> form) {
            var body = new StringBuilder();
            form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return checked(RawHttp.send(
                    port, "POST", path, headers(session, "application/x-www-form-urlencoded"), body.toString()));
        }

        RawHttp.Answer api(String method, String path, @Nullable String token, String json) {
            var headers = headers(null, json.isEmpty() ? null : "application/json");
            headers.put("Accept", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return checked(RawHttp.send(port, method, path, headers, json));
        }

        void expectRedirect(RawHttp.Answer answer, String path) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(302);
            assertThat(answer.header("Location")).isEqualTo(path);
        }

        private Map<String, String> headers(@Nullable String session, @Nullable String contentType) {
            var headers = new LinkedHashMap<>(forged);
            if (session != null) {
                headers.put("Cookie", "JSESSIONID=" + session);
            }
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return headers;
        }

        private RawHttp.Answer checked(RawHttp.Answer answer) {
            assertThat(answer.text().toLowerCase(Locale.ROOT))
                    .as("an answer repeating the forged headers")
                    .doesNotContain(mark);
            for (String location : answer.headers().getOrDefault("location", List.of())) {
                assertThat(location.startsWith("/") && !location.startsWith("//")
                                || location.startsWith(PUBLIC_URL + "/"))
                        .as("Location: %s", location)
                        .isTrue();
            }
            return answer;
        }
    }
}
