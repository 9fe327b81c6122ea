package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Failed sign-ins are throttled per client address and per account at an address. The service
 * trusts the test's own connection as a proxy here, so each test signs in from addresses of its
 * own through {@code X-Forwarded-For}. It shares its application (and a small connection pool) with
 * the console's sign-in test.
 */
@TestPropertySource(
        properties = {"polaris.trusted-proxies=127.0.0.1,::1", "spring.datasource.hikari.maximum-pool-size=4"})
@ExtendWith(OutputCaptureExtension.class)
class SignInLimitsApiTest extends PostgresApiTest {

    private static final String TOKENS = "/api/v1/auth/tokens";
    private static final int ACCOUNT_LIMIT = 10;
    private static final int ADDRESS_LIMIT = 30;
    private static final String PASSWORD = "the member's own password";

    static String address() {
        var random = ThreadLocalRandom.current();
        return random.nextInt(11, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + random.nextInt(1, 255);
    }

    static Stream<String> strangers() {
        return Stream.of(
                "nobody@example.com",
                "NoBody@Example.COM",
                "  spaced@example.com  ",
                "ünïcode@exämple.com",
                "plus+tag@example.com",
                "a@b",
                "x".repeat(300) + "@example.com",
                "quote\"d@example.com",
                "dots.in.the.local.part@sub.domain.example",
                "owner@localhost");
    }

    Api.Response signIn(String email, String password, String from) {
        return anonymous().post(TOKENS, Map.of("email", email, "password", password), Map.of("X-Forwarded-For", from));
    }

    String member(Tenant tenant, String role) {
        String email = "limits-" + System.nanoTime() + "@example.com";
        var created = tenant.owner()
                .post(
                        "/api/v1/members",
                        Map.of("email", email, "name", "Signs in", "role", role, "password", PASSWORD));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    @ParameterizedTest
    @MethodSource("strangers")
    void aMembersEmailAndAStrangersAreThrottledAlikeAfterTenFailures(String stranger) {
        String known = member(tenant(), "viewer");
        var answers = new ArrayList<List<Api.Response>>();
        for (String email : List.of(stranger.length() % 2 == 0 ? known : known.toUpperCase(), stranger)) {
            String from = address();
            var these = new ArrayList<Api.Response>();
            for (int i = 0; i < ACCOUNT_LIMIT + 2; i++) {
                these.add(signIn(email, "wrong password " + i, from));
            }
            answers.add(these);
        }
        for (var these : answers) {
            assertThat(these.subList(0, ACCOUNT_LIMIT))
                    .extracting(Api.Response::status)
                    .containsOnly(401);
            for (var throttled : these.subList(ACCOUNT_LIMIT, ACCOUNT_LIMIT + 2)) {
                assertThat(throttled.status()).isEqualTo(429);
                assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
                assertThat(throttled.text("type")).endsWith("too-many-sign-ins");
                assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 91);
            }
        }
        assertThat(answers.get(1).get(ACCOUNT_LIMIT).body())
                .as("the same answer, member or not")
                .isEqualTo(answers.get(0).get(ACCOUNT_LIMIT).body());
        assertThat(answers.get(1).getFirst().body())
                .isEqualTo(answers.get(0).getFirst().body());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void attackersElsewhereNeverKeepTheOwnerOut(int attackers) {
        String owner = member(tenant(), "owner");
        for (int a = 0; a < attackers; a++) {
            String from = address();
            var statuses = IntStream.range(0, ACCOUNT_LIMIT + 5)
                    .mapToObj(i -> signIn(owner, "guess " + i, from).status())
                    .toList();
            assertThat(statuses).contains(429);
            assertThat(signIn(owner, PASSWORD, from).status())
                    .as("the attacker's address waits, even with the password")
                    .isEqualTo(429);
        }
        var own = signIn(owner, PASSWORD, address());
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(signIn(owner, PASSWORD, "2001:db8:" + attackers + "::1").status())
                .isEqualTo(201);
    }

    @Test
    void oneAddressTryingManyEmailsIsThrottledThereOnly() {
        String from = address();
        var statuses = IntStream.range(0, ADDRESS_LIMIT)
                .mapToObj(i -> signIn("spray" + i + "-" + System.nanoTime() + "@example.com", "password " + i, from)
                        .status())
                .toList();
        assertThat(statuses).containsOnly(401);
        String member = member(tenant(), "viewer");
        assertThat(signIn("another@example.com", "whatever12", from).status()).isEqualTo(429);
        assertThat(signIn(member, PASSWORD, from).status()).isEqualTo(429);
        assertThat(signIn(member, PASSWORD, address()).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 9})
    void aRightPasswordForgivesEarlierMistakes(int mistakes) {
        String email = member(tenant(), "viewer");
        String from = address();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < mistakes; i++) {
                assertThat(signIn(email, "mistyped " + i, from).status()).isEqualTo(401);
            }
            assertThat(signIn(email, PASSWORD, from).status()).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void throttlingDelaysAndThenTheRightPasswordWorks(int rounds) {
        String email = member(tenant(), "viewer");
        String from = address();
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            signIn(email, "guess " + i, from);
        }
        for (int round = 0; round < rounds; round++) {
            var refused = signIn(email, PASSWORD, from);
            assertThat(refused.status()).isEqualTo(429);
            clock.advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
            assertThat(signIn(email, round == rounds - 1 ? PASSWORD : "again wrong", from)
                            .status())
                    .isEqualTo(round == rounds - 1 ? 201 : 401);
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(IntStream.range(0, ACCOUNT_LIMIT)
                        .map(i -> signIn(email, "later " + i, from).status()))
                .as("a whole window later, every failure is allowed again")
                .containsOnly(401);
    }

    @Test
    void failedAndThrottledSignInsAreAuditedOnTheMemberWithoutPasswordOrEmail(CapturedOutput output) {
        String email = member(tenant(), "reviewer");
        String from = address();
        var guesses = IntStream.range(0, ACCOUNT_LIMIT + 1)
                .mapToObj(i -> "secret guess " + i + " " + System.nanoTime())
                .toList();
        guesses.forEach(guess -> signIn(email, guess, from));
        signIn("stranger-" + System.nanoTime() + "@example.com", "another secret guess", from);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> auditEvents(tenant(), "member.sign_in_failed").size() == ACCOUNT_LIMIT);
        var failed = auditEvents(tenant(), "member.sign_in_failed");
        assertThat(failed.findValuesAsString("subject")).allMatch(s -> s.startsWith("member:mem_"));
        assertThat(failed.get(0).path("data").path("clientAddress").asString()).isEqualTo(from);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> auditEvents(tenant(), "member.sign_in_throttled").size() == 1);
        String events = tenant().owner().get("/api/v1/audit?limit=200").body().toString();
        assertThat(events).doesNotContain("secret guess");
        assertThat(output.getAll())
                .doesNotContain("secret guess")
                .doesNotContain(email)
                .contains("throttled");
    }

    /** The audit events of {@code type} in {@code tenant}, as its owner reads them. */
    private static JsonNode auditEvents(Tenant tenant, String type) {
        return tenant.owner().get("/api/v1/audit?type=" + type).body().path("items");
    }
}
