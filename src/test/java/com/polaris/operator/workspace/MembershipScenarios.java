package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One person, several workspaces: a member row (and a password) in each, and nothing any answer
 * says depends on another workspace. Run on PostgreSQL and on H2, whose unique constraints on
 * members' emails must agree. Sign-in limits are not what these scenarios try, so they are set
 * out of the way; a small connection pool leaves room on the shared PostgreSQL server for the other
 * applications of the test run.
 */
@TestPropertySource(
        properties = {
            "polaris.sign-in.address-failures=100000",
            "polaris.sign-in.account-failures=100000",
            "spring.datasource.hikari.maximum-pool-size=4"
        })
abstract class MembershipScenarios extends ApiTestBase {

    private static final String TOKENS = "/api/v1/auth/tokens";

    static Stream<UnaryOperator<String>> spellings() {
        return Stream.of(
                e -> e,
                e -> e.toUpperCase(Locale.ROOT),
                e -> "  " + e + " ",
                e -> Character.toUpperCase(e.charAt(0)) + e.substring(1),
                e -> e.replace("example", "EXAMPLE"),
                e -> "\t" + e.toUpperCase(Locale.ROOT));
    }

    static String person() {
        return "person-" + System.nanoTime() + "@example.com";
    }

    Api.Response add(Tenant tenant, String email, String role, String password) {
        return tenant.owner()
                .post(
                        "/api/v1/members",
                        Map.of("email", email, "name", "Pat in " + tenant.id(), "role", role, "password", password));
    }

    Api.Response signIn(String email, String password, @Nullable String workspaceId) {
        var body = new HashMap<String, Object>(Map.of("email", email, "password", password));
        if (workspaceId != null) {
            body.put("workspaceId", workspaceId);
        }
        return anonymous().post(TOKENS, body);
    }

    @ParameterizedTest
    @MethodSource("spellings")
    void anEmailThatBelongsToAnotherWorkspaceJoinsThisOneAndTellsNothingAboutTheOther(UnaryOperator<String> spelling) {
        String email = person();
        var first = newWorkspace();
        assertThat(add(first, email, "admin", "first workspace's password").status())
                .isEqualTo(201);
        var second = newWorkspace();

        var added = add(second, spelling.apply(email), "viewer", "second workspace's password");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.text("email")).isEqualTo(email);
        assertThat(added.body().toString()).doesNotContain(first.id()).doesNotContain("Pat in " + first.id());
        var listed = second.owner().get("/api/v1/members").body();
        assertThat(listed.path("items")).hasSize(2);
        assertThat(listed.toString()).doesNotContain(first.id());

        var again = add(second, spelling.apply(email).toUpperCase(Locale.ROOT), "viewer", "yet another password");
        assertThat(again.status()).as("twice in one workspace").isEqualTo(409);
        assertThat(again.text("type")).endsWith("member-exists");
        assertThat(again.body().toString()).doesNotContain(first.id());

        var created = createWorkspace("Third", spelling.apply(email), "the third one's password", null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().toString()).doesNotContain(first.id()).doesNotContain(second.id());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void eachMembershipHasItsOwnPasswordAndOpensItsOwnWorkspace(int workspaces) {
        String email = person();
        var tenants = new ArrayList<Tenant>();
        for (int i = 0; i < workspaces; i++) {
            var tenant = newWorkspace();
            tenants.add(tenant);
            assertThat(add(tenant, email, "admin", "password number " + i).status())
                    .isEqualTo(201);
        }
        for (int i = 0; i < workspaces; i++) {
            var token = signIn(email.toUpperCase(Locale.ROOT), "password number " + i, null);
            assertThat(token.status()).as(token.toString()).isEqualTo(201);
            assertThat(token.text("workspaceId")).isEqualTo(tenants.get(i).id());
            var members = anonymous()
                    .as(token.text("token"))
                    .get("/api/v1/members")
                    .body()
                    .path("items");
            var names = members.findValuesAsString("name");
            assertThat(names).contains("Pat in " + tenants.get(i).id());
            for (var other : tenants) {
                if (other != tenants.get(i)) {
                    assertThat(names).doesNotContain("Pat in " + other.id());
                }
            }
            for (int j = 0; j < workspaces; j++) {
                var named = signIn(email, "password number " + i, tenants.get(j).id());
                assertThat(named.status())
                        .as("password %d in workspace %d", i, j)
                        .isEqualTo(i == j ? 201 : 401);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void onePasswordForSeveralWorkspacesAsksWhichOneAndListsThoseOnly(int sharing) {
        String email = person();
        String shared = "one password for all " + sharing;
        var tenants = new ArrayList<Tenant>();
        for (int i = 0; i < sharing; i++) {
            var tenant = newWorkspace();
            tenants.add(tenant);
            assertThat(add(tenant, email, "reviewer", shared).status()).isEqualTo(201);
        }
        var elsewhere = newWorkspace();
        assertThat(add(elsewhere, email, "reviewer", "a different password").status())
                .isEqualTo(201);

        var ask = signIn(email, shared, null);
        assertThat(ask.status()).as(ask.toString()).isEqualTo(409);
        assertThat(ask.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ask.text("type")).endsWith("workspace-required");
        var offered = new ArrayList<String>();
        for (JsonNode w : ask.body().path("workspaces")) {
            offered.add(w.path("id").asString());
            assertThat(w.path("name").asString()).startsWith("Workspace ");
            assertThat(w.properties()).hasSize(2);
        }
        assertThat(offered)
                .containsExactlyInAnyOrderElementsOf(
                        tenants.stream().map(Tenant::id).toList());
        assertThat(ask.body().toString()).doesNotContain(elsewhere.id());

        for (var tenant : tenants) {
            var token = signIn(email, shared, tenant.id());
            assertThat(token.status()).isEqualTo(201);
            assertThat(token.text("workspaceId")).isEqualTo(tenant.id());
        }
        var unknownEmail = signIn(person(), shared, null);
        for (String notThere :
                List.of(elsewhere.id(), "ws_does_not_exist", newWorkspace().id())) {
            var refused = signIn(email, shared, notThere);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).as("as for an unknown email").isEqualTo(unknownEmail.body());
        }
    }

    @Test
    void theRequesterMayNotDecideTheirOwnActionInAnyWorkspaceTheyBelongTo() {
        String email = person();
        var first = newWorkspace();
        var second = newWorkspace();
        assertThat(add(first, email, "reviewer", "same password twice").status())
                .isEqualTo(201);
        assertThat(add(second, email, "reviewer", "same password twice").status())
                .isEqualTo(201);
        var inFirst =
                anonymous().as(signIn(email, "same password twice", first.id()).text("token"));
        var inSecond =
                anonymous().as(signIn(email, "same password twice", second.id()).text("token"));

        String approval = acceptedApproval(proposeLead(inFirst, "Ana Ruiz", "ana@example.com"));
        assertThat(inFirst.post("/api/v1/approvals/" + approval + "/approve", Map.of("comment", "mine"))
                        .status())
                .isEqualTo(403);
        assertThat(inSecond.post("/api/v1/approvals/" + approval + "/approve", Map.of("comment", "not here"))
                        .status())
                .isEqualTo(404);
        assertThat(first.owner()
                        .post("/api/v1/approvals/" + approval + "/approve", Map.of("comment", "ok"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void removingOneMembershipLeavesTheOthersAsTheyWere() {
        String email = person();
        var first = newWorkspace();
        var second = newWorkspace();
        String firstMember = add(first, email, "admin", "shared password").text("id");
        assertThat(add(second, email, "admin", "shared password").status()).isEqualTo(201);
        var inSecond =
                anonymous().as(signIn(email, "shared password", second.id()).text("token"));

        assertThat(first.owner().delete("/api/v1/members/" + firstMember).status())
                .isEqualTo(204);
        assertThat(inSecond.get("/api/v1/members").status()).isEqualTo(200);
        var token = signIn(email, "shared password", null);
        assertThat(token.status()).as("only one membership is left").isEqualTo(201);
        assertThat(token.text("workspaceId")).isEqualTo(second.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT2M", "PT36H", "P400D"})
    void aTokenForOneWorkspaceKeepsItsExpiryToTheSecondAndIsRefusedFromThen(String lifetime) {
        String email = person();
        var first = newWorkspace();
        var second = newWorkspace();
        assertThat(add(first, email, "viewer", "shared password").status()).isEqualTo(201);
        assertThat(add(second, email, "viewer", "shared password").status()).isEqualTo(201);
        Instant expiresAt = clock.instant().plus(Duration.parse(lifetime)).truncatedTo(ChronoUnit.SECONDS);

        var token = anonymous()
                .post(
                        TOKENS,
                        Map.of(
                                "email",
                                email,
                                "password",
                                "shared password",
                                "workspaceId",
                                second.id(),
                                "expiresAt",
                                expiresAt.atOffset(ZoneOffset.ofHours(-5)).toString()));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        assertThat(Instant.parse(token.text("expiresAt"))).isEqualTo(expiresAt);
        var holder = anonymous().as(token.text("token"));
        var listed = holder.get(TOKENS).body().path("items");
        assertThat(listed.findValuesAsString("expiresAt"))
                .extracting(Instant::parse)
                .contains(expiresAt);

        clock.set(expiresAt.minusSeconds(1));
        assertThat(holder.get("/api/v1/tools").status()).isEqualTo(200);
        clock.set(expiresAt);
        var refused = holder.get("/api/v1/tools");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("reason")).isEqualTo("expired");
    }
}
