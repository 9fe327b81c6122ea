package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Personal access tokens and integration keys that expire, and 401 answers that say why. */
class TokenExpiryApiTest extends PostgresApiTest {

    private static final String TOOLS = "/api/v1/tools";
    private static final String PASSWORD = "expiring member's password";

    /** Makes a token or key with the given extra body fields, as the owner of a fresh workspace; the raw answer. */
    enum Kind {
        PERSONAL_TOKEN,
        INTEGRATION_KEY
    }

    record Made(Api.Response answer, Tenant tenant, Function<Api, Api.Response> list) {}

    Made make(Kind kind, Map<String, Object> fields) {
        var tenant = newWorkspace();
        if (kind == Kind.INTEGRATION_KEY) {
            var body = new HashMap<String, Object>(Map.of("name", "Expiring key"));
            body.putAll(fields);
            return new Made(
                    tenant.owner().post("/api/v1/api-keys", body),
                    tenant,
                    api -> tenant.owner().get("/api/v1/api-keys"));
        }
        String email = "expiring-" + System.nanoTime() + "@example.com";
        tenant.owner()
                .post(
                        "/api/v1/members",
                        Map.of("email", email, "name", "Expiring", "role", "viewer", "password", PASSWORD));
        var body = new HashMap<String, Object>(Map.of("email", email, "password", PASSWORD, "name", "Expiring token"));
        body.putAll(fields);
        var answer = anonymous().post("/api/v1/auth/tokens", body);
        return new Made(answer, tenant, api -> api.get("/api/v1/auth/tokens"));
    }

    static Stream<Arguments> refusedExpiries() {
        Instant now = Instant.now();
        return Stream.of(Kind.values())
                .flatMap(kind -> Stream.<Object>of(
                                now.minus(Duration.ofDays(1)).toString(),
                                now.minusSeconds(5).toString(),
                                "2000-01-01T00:00:00Z",
                                now.atOffset(ZoneOffset.UTC)
                                        .plusYears(11)
                                        .toInstant()
                                        .toString(),
                                "9999-12-31T23:59:59Z",
                                "+10000-01-01T00:00:00Z",
                                "0000-01-01T00:00:00Z",
                                "garbage",
                                "",
                                " ",
                                "2027-13-01T00:00:00Z",
                                "2027-02-30T00:00:00Z",
                                "2027-01-01",
                                "2027-01-01T00:00:00",
                                "tomorrow",
                                1_893_456_000,
                                "2027-01-01T00:00:00+25:00")
                        .map(value -> Arguments.of(kind, value)));
    }

    @ParameterizedTest
    @MethodSource("refusedExpiries")
    void aPastAbsurdOrMalformedExpiryIsRefusedNamingTheField(Kind kind, Object expiresAt) {
        var made = make(kind, Map.of("expiresAt", expiresAt));
        assertThat(made.answer().status()).as(made.answer().toString()).isEqualTo(422);
        assertThat(made.answer().errorFields()).containsExactly("expiresAt");
        assertThat(made.list().apply(made.tenant().owner()).body().path("items").findValuesAsString("name"))
                .as("nothing was made")
                .doesNotContain("Expiring key");
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(Kind.values())
                .flatMap(kind -> Stream.of(
                                Duration.ofMinutes(2),
                                Duration.ofMinutes(90),
                                Duration.ofDays(1),
                                Duration.ofDays(30),
                                Duration.ofDays(365),
                                Duration.ofDays(9 * 365))
                        .map(lifetime -> Arguments.of(kind, lifetime)));
    }

    @ParameterizedTest
    @MethodSource("lifetimes")
    void aTokenWorksUntilItsExpiryThoughCachedAndIsThenRefusedAsExpired(Kind kind, Duration lifetime) {
        Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        var made = make(
                kind,
                Map.of("expiresAt", expiresAt.atOffset(ZoneOffset.ofHours(2)).toString()));
        assertThat(made.answer().status()).as(made.answer().toString()).isEqualTo(201);
        assertThat(Instant.parse(made.answer().text("expiresAt"))).isEqualTo(expiresAt);
        String secret = made.answer().text(kind == Kind.INTEGRATION_KEY ? "key" : "token");
        var holder = anonymous().as(secret);

        assertThat(holder.get(TOOLS).status()).isEqualTo(200);
        var listed = made.list()
                .apply(kind == Kind.INTEGRATION_KEY ? made.tenant().owner() : holder)
                .body()
                .path("items");
        var item = Stream.of(listed)
                .flatMap(items -> items.valueStream())
                .filter(i -> i.path("id").asString().equals(made.answer().text("id")))
                .findFirst()
                .orElseThrow();
        assertThat(Instant.parse(item.path("expiresAt").asString())).isEqualTo(expiresAt);

        clock.set(expiresAt.minusSeconds(2));
        assertThat(holder.get(TOOLS).status()).as("a moment before").isEqualTo(200);
        clock.set(expiresAt);
        var refused = holder.get(TOOLS);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.text("reason")).isEqualTo("expired");
        assertThat(refused.text("detail")).contains("expired").contains(expiresAt.toString());
        clock.advance(lifetime);
        assertThat(holder.get(TOOLS).text("reason")).isEqualTo("expired");
    }

    @Test
    void withoutAnExpiryATokenNeverExpiresAndListsSayNull() {
        for (Kind kind : Kind.values()) {
            var made = make(kind, Map.of());
            assertThat(made.answer().status()).isEqualTo(201);
            assertThat(made.answer().body().path("expiresAt").isNull()).isTrue();
            var holder = anonymous().as(made.answer().text(kind == Kind.INTEGRATION_KEY ? "key" : "token"));
            clock.advance(Duration.ofDays(3650));
            assertThat(holder.get(TOOLS).status()).isEqualTo(200);
            clock.reset();
        }
    }

    static Stream<Arguments> unknownTokens() {
        return Stream.of(
                        "pol_pat_" + UUID.randomUUID(),
                        "pol_key_" + UUID.randomUUID(),
                        "x",
                        "pol_pat_",
                        "pol_pat_%00",
                        "a".repeat(199),
                        "a".repeat(201),
                        "a".repeat(5000),
                        "pol_key_" + "0".repeat(32),
                        "' or 1=1 --")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("unknownTokens")
    void anUnknownTokenIsSaidToBeUnknown(String token) {
        var answer = anonymous().as(token).get(TOOLS);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("type")).endsWith("unauthorized");
        assertThat(answer.text("reason")).isEqualTo("unknown");
        assertThat(answer.text("detail")).contains("not known");
    }

    static Stream<Arguments> missingTokens() {
        return Stream.of(
                        Map.<String, String>of(),
                        Map.of("Authorization", "Basic dXNlcjpwYXNz"),
                        Map.of("Authorization", "Bearer"),
                        Map.of("Authorization", "Bearer    "),
                        Map.of("Authorization", "pol_pat_abc"),
                        Map.of("Authorization", "Token abc"))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("missingTokens")
    void aRequestWithoutABearerTokenIsToldItSentNone(Map<String, String> headers) {
        var answer = anonymous().send("GET", TOOLS, null, headers);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("reason")).isEqualTo("missing");
        assertThat(answer.text("detail")).contains("No bearer token");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void aRevokedTokenOrKeyIsSaidToBeRevokedAndNothingMore() {
        for (Kind kind : Kind.values()) {
            var made = make(kind, Map.of());
            var holder = anonymous().as(made.answer().text(kind == Kind.INTEGRATION_KEY ? "key" : "token"));
            assertThat(holder.get(TOOLS).status()).isEqualTo(200);
            String path = kind == Kind.INTEGRATION_KEY ? "/api/v1/api-keys/" : "/api/v1/auth/tokens/";
            var revoker = kind == Kind.INTEGRATION_KEY ? made.tenant().owner() : holder;
            assertThat(revoker.delete(path + made.answer().text("id")).status()).isEqualTo(204);
            var refused = holder.get(TOOLS);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.text("reason")).isEqualTo("revoked");
            assertThat(refused.text("detail"))
                    .contains("revoked")
                    .doesNotContain(made.tenant().id())
                    .doesNotContain(made.answer().text("id"));
            assertThat(refused.body().toString()).doesNotContain(made.tenant().id());
        }
    }
}
