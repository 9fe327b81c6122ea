package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * The console's sign-in over plain HTTP, as a browser sends it (session cookie, CSRF token, no
 * redirects followed): throttled like the API's, and a chooser for a person in several workspaces.
 */
@TestPropertySource(
        properties = {"polaris.trusted-proxies=127.0.0.1,::1", "spring.datasource.hikari.maximum-pool-size=4"})
class SignInPageTest extends PostgresApiTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "console password";

    /** One browser: its cookies, the CSRF token of the last page it read, and its client address. */
    final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private final CookieJar cookies = new CookieJar();
        private final String address;
        private String csrf = "";

        Browser(String address) {
            this.address = address;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) {
            var fields = new LinkedHashMap<>(form);
            if (withCsrf) {
                fields.put("_csrf", csrf);
            }
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(ConsoleClient.encode(fields))));
        }

        /** Signs in on the sign-in page; the answer to the form's POST. */
        HttpResponse<String> signIn(String email, String password) {
            get("/login");
            return post("/login", Map.of("email", email, "password", password), true);
        }

        String session() {
            return cookies.get("JSESSIONID");
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        private HttpResponse<String> send(HttpRequest.Builder builder) {
            builder.header("X-Forwarded-For", address);
            cookies.sendWith(builder);
            try {
                var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                cookies.keepFrom(response);
                var token = CSRF.matcher(response.body());
                if (token.find()) {
                    csrf = token.group(1);
                }
                return response;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String address() {
        var random = ThreadLocalRandom.current();
        return random.nextInt(11, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + random.nextInt(1, 255);
    }

    /** Where an answer redirects to: its path and query, whatever host it names. */
    static String location(HttpResponse<String> response) {
        URI target = URI.create(response.headers().firstValue("Location").orElse(""));
        return target.getPath() + (target.getQuery() == null ? "" : "?" + target.getQuery());
    }

    String member(Tenant tenant, String email, String role, String password) {
        var created = tenant.owner()
                .post(
                        "/api/v1/members",
                        Map.of("email", email, "name", "Pat in " + tenant.id(), "role", role, "password", password));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    static Stream<String> emails() {
        return Stream.of(
                "member", "MEMBER", "stranger@example.com", "someone.else+tag@example.org", "ünïcode@example.com");
    }

    @ParameterizedTest
    @MethodSource("emails")
    void tooManyFailedSignInsShowAClearMessageAndTheOwnerStillSignsInFromElsewhere(String who) {
        String email = "console-" + System.nanoTime() + "@example.com";
        member(tenant(), email, "viewer", PASSWORD);
        String tried = who.equals("member") ? email : who.equals("MEMBER") ? email.toUpperCase() : who;
        var attacker = new Browser(address());
        for (int i = 0; i < 10; i++) {
            var answer = attacker.signIn(tried, "wrong password " + i);
            assertThat(location(answer)).isEqualTo("/login?error");
            String page = attacker.get("/login?error").body();
            assertThat(page).contains("The email or password is not right.").doesNotContain("Too many");
        }
        var throttled = attacker.signIn(tried, who.startsWith("member") || who.startsWith("MEMBER") ? PASSWORD : "x");
        assertThat(location(throttled)).isEqualTo("/login?error");
        var page = attacker.get("/login?error");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Too many failed sign-ins from here")
                .contains("try again in")
                .doesNotContain("The email or password is not right.");
        assertThat(location(attacker.get("/approvals"))).as("not signed in").isEqualTo("/login");

        var owner = new Browser(address());
        assertThat(location(owner.signIn(email, PASSWORD))).isEqualTo("/approvals");
        assertThat(owner.get("/approvals").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aPersonInSeveralWorkspacesChoosesOneAfterSigningIn(int workspaces) {
        String email = "chooser-" + System.nanoTime() + "@example.com";
        var tenants = new ArrayList<Tenant>();
        for (int i = 0; i < workspaces; i++) {
            var tenant = newWorkspace();
            tenants.add(tenant);
            member(tenant, email, "admin", PASSWORD);
        }
        var elsewhere = newWorkspace();
        member(elsewhere, email, "admin", "another password");
        var browser = new Browser(address());

        assertThat(location(browser.signIn(email.toUpperCase(), PASSWORD))).isEqualTo("/login/workspace");
        String signedInSession = browser.session();
        assertThat(location(browser.get("/approvals")))
                .as("nothing opens before a choice")
                .isEqualTo("/login/workspace");
        assertThat(browser.get("/settings/keys").statusCode()).isEqualTo(302);
        var chooser = browser.get("/login/workspace");
        assertThat(chooser.statusCode()).isEqualTo(200);
        for (var tenant : tenants) {
            assertThat(chooser.body()).contains("value=\"" + tenant.id() + "\"");
        }
        assertThat(chooser.body()).doesNotContain(elsewhere.id()).contains("<h2 id=\"choose-title\">");

        assertThat(browser.post(
                                "/login/workspace",
                                Map.of("workspaceId", tenants.get(1).id()),
                                false)
                        .statusCode())
                .as("without its CSRF token")
                .isEqualTo(403);
        browser.get("/login/workspace");
        assertThat(location(browser.post("/login/workspace", Map.of("workspaceId", elsewhere.id()), true)))
                .as("a workspace not offered is asked again")
                .isEqualTo("/login/workspace");
        browser.get("/login/workspace");
        assertThat(location(browser.post(
                        "/login/workspace", Map.of("workspaceId", tenants.get(1).id()), true)))
                .isEqualTo("/approvals");
        assertThat(browser.session())
                .as("a new session id")
                .isNotEqualTo(signedInSession)
                .isNotEmpty();
        var inbox = browser.get("/approvals");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("Pat in " + tenants.get(1).id());
        for (var other : List.of(tenants.getFirst(), elsewhere)) {
            assertThat(inbox.body()).doesNotContain(other.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"one password", "Mixed Case Password", "pässwörd with ümlauts"})
    void aPersonWithOneMatchingMembershipGoesStraightToTheirWorkspace(String password) {
        String email = "single-" + System.nanoTime() + "@example.com";
        member(tenant(), email, "viewer", password + " 123");
        member(newWorkspace(), email, "viewer", "not the same " + password);
        var browser = new Browser(address());
        assertThat(location(browser.signIn(email, password + " 123"))).isEqualTo("/approvals");
        assertThat(browser.get("/approvals").body()).contains("Pat in " + tenant().id());
        assertThat(location(browser.get("/login/workspace")))
                .as("nothing to choose")
                .isEqualTo("/approvals");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 400})
    void theKeysPageShowsWhenAKeyExpiresAndThatItHas(int days) {
        String email = "keys-" + System.nanoTime() + "@example.com";
        member(tenant(), email, "admin", PASSWORD);
        Instant expiresAt = clock.instant().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MINUTES);
        var key = tenant().owner()
                .post("/api/v1/api-keys", Map.of("name", "Seasonal bot", "expiresAt", expiresAt.toString()));
        assertThat(key.status()).isEqualTo(201);
        var browser = new Browser(address());
        assertThat(location(browser.signIn(email, PASSWORD))).isEqualTo("/approvals");
        String shown = Moments.text(expiresAt);

        String page = browser.get("/settings/keys").body();
        assertThat(page).contains(shown).contains("Active").doesNotContain("Expired");
        clock.set(expiresAt.plusSeconds(1));
        page = browser.get("/settings/keys").body();
        assertThat(page).contains(shown).contains("Expired");
    }
}
