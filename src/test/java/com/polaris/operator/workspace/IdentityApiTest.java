package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

class IdentityApiTest extends PostgresApiTest {

    @Autowired
    Members members;

    private static final String TOOLS = "/api/v1/tools";

    @Test
    void platformTokenCreatesWorkspaceWithWorkingOwnerToken() {
        var members = tenant().owner().get("/api/v1/members");
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body().path("items")).hasSize(1);
        assertThat(members.body().path("items").get(0).path("role").asString()).isEqualTo("owner");
        assertThat(members.body().toString()).doesNotContain("password");
    }

    @Test
    void workspaceCreationNeedsThePlatformToken() {
        var answer = anonymous()
                .as("wrong")
                .post(
                        "/api/v1/workspaces",
                        Map.of("name", "X", "ownerEmail", "x@example.com", "ownerPassword", "long enough pw"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void missingOrUnknownTokenGets401Problem() {
        assertThat(anonymous().get("/api/v1/members").status()).isEqualTo(401);
        var answer = anonymous().as("pol_pat_unknown").get("/api/v1/members");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("type")).endsWith("unauthorized");
    }

    @Test
    void metricsAreOpenWhenNoMetricsTokenIsSet() {
        var scrape = anonymous().sendRaw("GET", "/actuator/prometheus", "", "text/plain");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body()).contains("polaris_jobs_queue_depth");
    }

    @Test
    void integrationKeyIsShownOnceAndCannotManageMembers() {
        var key = tenant().integrationKey();
        assertThat(key.get("/api/v1/members").status()).isEqualTo(403);
        assertThat(key.post("/api/v1/api-keys", Map.of("name", "x")).status()).isEqualTo(403);
    }

    @Test
    void reviewerCannotAddMembers() {
        var reviewer = tenant().member("reviewer");
        var answer = reviewer.api()
                .post(
                        "/api/v1/members",
                        Map.of("email", "z@example.com", "name", "Z", "role", "viewer", "password", "long enough pw"));
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void invalidMemberGets422WithFieldErrors() {
        var answer =
                tenant().owner().post("/api/v1/members", Map.of("email", "nope", "role", "boss", "password", "short"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorFields()).containsExactlyInAnyOrder("email", "name", "role", "password");
    }

    @Test
    void wrongPasswordGets401() {
        tenant().member("viewer");
        var answer = anonymous()
                .post("/api/v1/auth/tokens", Map.of("email", "nobody@example.com", "password", "whatever123"));
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void integrationKeysAreListedByTheirHintsAndARevokedKeyIsRefusedAtOnce() {
        var created = tenant().owner().post("/api/v1/api-keys", Map.of("name", "Website chatbot"));
        String id = created.text("id");
        String key = created.text("key");
        var bot = anonymous().as(key);
        assertThat(bot.get(TOOLS).status()).isEqualTo(200);

        var listed = tenant().owner().get("/api/v1/api-keys");
        assertThat(listed.status()).isEqualTo(200);
        var item = listed.body().path("items").get(0);
        assertThat(item.path("id").asString()).isEqualTo(id);
        assertThat(item.path("name").asString()).isEqualTo("Website chatbot");
        assertThat(item.path("hint").asString()).startsWith("pol_key_").endsWith(key.substring(key.length() - 4));
        assertThat(item.path("lastUsedAt").isNull()).as("used moments ago").isFalse();
        assertThat(item.path("revokedAt").isNull()).isTrue();
        assertThat(listed.body().toString()).doesNotContain(key);

        assertThat(tenant().owner().delete("/api/v1/api-keys/" + id).status()).isEqualTo(204);
        assertThat(bot.get(TOOLS).status()).isEqualTo(401);
        assertThat(tenant().owner()
                        .get("/api/v1/api-keys")
                        .firstItem()
                        .path("revokedAt")
                        .isNull())
                .isFalse();
        assertThat(tenant().owner().delete("/api/v1/api-keys/" + id).status())
                .as("revoking again changes nothing")
                .isEqualTo(204);
        var events = tenant().owner()
                .get("/api/v1/audit?type=api_key.revoked")
                .body()
                .path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("data").path("apiKeyId").asString()).isEqualTo(id);
        assertThat(events.get(0).toString()).doesNotContain(key);
    }

    @Test
    void onlyOwnersAndAdminsSeeOrRevokeKeysAndNeverThoseOfAnotherWorkspace() {
        var created = tenant().owner().post("/api/v1/api-keys", Map.of("name", "Chatbot"));
        String id = created.text("id");
        var bot = anonymous().as(created.text("key"));
        var reviewer = tenant().member("reviewer").api();

        assertThat(reviewer.get("/api/v1/api-keys").status()).isEqualTo(403);
        assertThat(reviewer.delete("/api/v1/api-keys/" + id).status()).isEqualTo(403);
        assertThat(bot.get("/api/v1/api-keys").status()).isEqualTo(403);
        assertThat(bot.delete("/api/v1/api-keys/" + id).status()).isEqualTo(403);
        var stranger = newWorkspace().owner();
        var other = stranger.delete("/api/v1/api-keys/" + id);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stranger.get("/api/v1/api-keys").body().path("items")).isEmpty();
        assertThat(tenant().member("admin").api().get("/api/v1/api-keys").body().path("items"))
                .hasSize(1);
        assertThat(bot.get(TOOLS).status()).isEqualTo(200);
    }

    @Test
    void aMemberListsAndRevokesTheirOwnTokensOnly() {
        var member = tenant().member("viewer");
        String email = viewerEmail(tenant());
        var laptop = anonymous()
                .post("/api/v1/auth/tokens", Map.of("email", email, "password", MEMBER_PASSWORD, "name", "Laptop"));
        var onLaptop = anonymous().as(laptop.text("token"));

        var mine = member.api().get("/api/v1/auth/tokens").body().path("items");
        assertThat(mine.findValuesAsString("name")).containsExactlyInAnyOrder("test", "Laptop");
        assertThat(mine.toString()).doesNotContain(laptop.text("token"));
        assertThat(tenant().owner()
                        .get("/api/v1/auth/tokens")
                        .body()
                        .path("items")
                        .findValuesAsString("id"))
                .as("the owner sees only their own tokens")
                .doesNotContain(laptop.text("id"));
        assertThat(tenant().owner()
                        .delete("/api/v1/auth/tokens/" + laptop.text("id"))
                        .status())
                .as("another member's token is not the owner's to revoke here")
                .isEqualTo(404);
        assertThat(tenant().integrationKey().get("/api/v1/auth/tokens").status())
                .isEqualTo(403);
        assertThat(anonymous().get("/api/v1/auth/tokens").status()).isEqualTo(401);

        assertThat(member.api()
                        .delete("/api/v1/auth/tokens/" + laptop.text("id"))
                        .status())
                .isEqualTo(204);
        assertThat(onLaptop.get(TOOLS).status()).isEqualTo(401);
        assertThat(member.api().get(TOOLS).status())
                .as("the member's other token still works")
                .isEqualTo(200);
        var events =
                tenant().owner().get("/api/v1/audit?type=token.revoked").body().path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("subject").asString()).isEqualTo("member:" + member.id());
    }

    @Test
    void aMemberRevokingTwoTokensAtOnceWhileTheirRoleChangesGetsEveryChangeMade() throws Exception {
        var member = tenant().member("viewer");
        String email = viewerEmail(tenant());
        var tokens = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            tokens.add(anonymous()
                    .post("/api/v1/auth/tokens", Map.of("email", email, "password", MEMBER_PASSWORD, "name", "t" + i))
                    .text("id"));
        }
        try (var pool = Executors.newFixedThreadPool(3)) {
            var first = pool.submit(() ->
                    member.api().delete("/api/v1/auth/tokens/" + tokens.get(0)).status());
            var second = pool.submit(() ->
                    member.api().delete("/api/v1/auth/tokens/" + tokens.get(1)).status());
            var role = pool.submit(() -> changeRole(tenant().owner(), member.id(), "reviewer"));
            assertThat(List.of(first.get(), second.get(), role.get())).containsExactly(204, 204, 200);
        }
        assertThat(tenant().owner()
                        .get("/api/v1/audit?subject=member:" + member.id())
                        .body()
                        .path("items"))
                .as("added, three tokens made, two revoked, the role changed: one chain")
                .hasSize(7);
        assertThat(tenant().owner()
                        .get("/api/v1/audit/verify")
                        .body()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void revokingAnUnknownKeyGets404Problem() {
        var answer = tenant().owner().delete("/api/v1/api-keys/tok_nothing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text("type")).endsWith("not-found");
    }

    @Test
    void anOwnerChangesARoleAndTheMembersTokenActsWithItAtOnce() {
        var member = tenant().member("reviewer");
        assertThat(member.api().get("/api/v1/members").status()).isEqualTo(403);

        var changed = tenant().owner().patch("/api/v1/members/" + member.id(), Map.of("role", "admin"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text("role")).isEqualTo("admin");
        assertThat(member.api().get("/api/v1/members").status()).isEqualTo(200);
        assertThat(changeRole(tenant().owner(), member.id(), "admin"))
                .as("the same role again changes nothing")
                .isEqualTo(200);
        var events = tenant().owner()
                .get("/api/v1/audit?type=member.role_changed")
                .body()
                .path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("data").path("from").asString()).isEqualTo("reviewer");
        assertThat(events.get(0).path("data").path("to").asString()).isEqualTo("admin");

        var invalid = tenant().owner().patch("/api/v1/members/" + member.id(), Map.of("role", "boss"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorFields()).containsExactly("role");
        assertThat(changeRole(member.api(), member.id(), "viewer"))
                .as("an admin may change an admin")
                .isEqualTo(200);
        assertThat(member.api().get("/api/v1/members").status()).isEqualTo(403);
    }

    @Test
    void onlyAnOwnerMakesOrChangesAnOwnerAndAWorkspaceKeepsOne() {
        String ownerId = firstOwnerId(tenant());
        var admin = tenant().member("admin");
        var other = tenant().member("viewer");

        assertThat(changeRole(admin.api(), other.id(), "owner")).isEqualTo(403);
        assertThat(changeRole(admin.api(), ownerId, "viewer")).isEqualTo(403);
        assertThat(admin.api().delete("/api/v1/members/" + ownerId).status()).isEqualTo(403);
        var last = tenant().owner().patch("/api/v1/members/" + ownerId, Map.of("role", "admin"));
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.text("type")).endsWith("last-owner");
        assertThat(tenant().owner().delete("/api/v1/members/" + ownerId).status())
                .isEqualTo(409);

        assertThat(changeRole(tenant().owner(), other.id(), "owner")).isEqualTo(200);
        assertThat(changeRole(tenant().owner(), ownerId, "admin")).isEqualTo(200);
        assertThat(roles(tenant())).containsEntry(ownerId, "admin").containsEntry(other.id(), "owner");
    }

    @Test
    void anOwnerDemotedAMomentAgoIsNoOwnerThoughTheirTokenWasCachedAsOne() {
        var second = tenant().member("owner");
        var viewer = tenant().member("viewer");
        assertThat(changeRole(tenant().owner(), second.id(), "admin")).isEqualTo(200);
        var cachedAsOwner = new Caller(tenant().id(), Caller.Type.MEMBER, second.id(), "A owner", Role.OWNER);

        assertThatThrownBy(() -> members.changeRole(cachedAsOwner, viewer.id(), Role.OWNER))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(Problems.status(p)).isEqualTo(HttpStatus.FORBIDDEN));
        assertThat(roles(tenant())).containsEntry(viewer.id(), "viewer");
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveTheWorkspaceAnOwner() throws Exception {
        String first = firstOwnerId(tenant());
        var second = tenant().member("owner");
        try (var pool = Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> changeRole(tenant().owner(), second.id(), "admin"));
            var b = pool.submit(() -> changeRole(second.api(), first, "admin"));
            assertThat(List.of(a.get(), b.get())).contains(200).doesNotContain(500);
        }
        assertThat(roles(tenant()).values()).contains("owner");
    }

    @Test
    void aRemovedMemberIsRefusedEverywhereAndMayBeAddedAgain() {
        var member = tenant().member("viewer");
        String memberEmail = viewerEmail(tenant());
        assertThat(member.api().get(TOOLS).status()).isEqualTo(200);

        assertThat(tenant().member("reviewer")
                        .api()
                        .delete("/api/v1/members/" + member.id())
                        .status())
                .isEqualTo(403);
        assertThat(newWorkspace()
                        .owner()
                        .delete("/api/v1/members/" + member.id())
                        .status())
                .isEqualTo(404);
        assertThat(tenant().owner().delete("/api/v1/members/" + member.id()).status())
                .isEqualTo(204);

        assertThat(member.api().get(TOOLS).status()).isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/v1/auth/tokens", Map.of("email", memberEmail, "password", MEMBER_PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(tenant().owner().delete("/api/v1/members/" + member.id()).status())
                .isEqualTo(404);
        var events =
                tenant().owner().get("/api/v1/audit?type=member.removed").body().path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("data").path("email").asString()).isEqualTo(memberEmail);
        assertThat(tenant().owner()
                        .post(
                                "/api/v1/members",
                                Map.of(
                                        "email",
                                        memberEmail,
                                        "name",
                                        "Back again",
                                        "role",
                                        "viewer",
                                        "password",
                                        MEMBER_PASSWORD))
                        .status())
                .isEqualTo(201);
    }

    /** The email of the workspace's one viewer. */
    private static String viewerEmail(Tenant tenant) {
        return tenant.owner().get("/api/v1/members").body().path("items").findValuesAsString("email").stream()
                .filter(e -> e.startsWith("viewer-"))
                .findFirst()
                .orElseThrow();
    }

    /** The owner who made the workspace. */
    private static String firstOwnerId(Tenant tenant) {
        return tenant.owner().get("/api/v1/members").firstItem().path("id").asString();
    }

    /** Asks, as {@code caller}, to give the member {@code memberId} another role; answers the status. */
    private static int changeRole(Api caller, String memberId, String role) {
        return caller.patch("/api/v1/members/" + memberId, Map.of("role", role)).status();
    }

    private static Map<String, String> roles(Tenant tenant) {
        var roles = new HashMap<String, String>();
        tenant.owner()
                .get("/api/v1/members?limit=200")
                .body()
                .path("items")
                .forEach(m -> roles.put(m.path("id").asString(), m.path("role").asString()));
        return roles;
    }

    @Test
    void malformedJsonGets400Problem() {
        var answer = tenant().owner().sendRaw("POST", "/api/v1/api-keys", "{\"name\": ", "application/json");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).endsWith("malformed-json");
    }

    @Test
    void oversizedBodyGets413Problem() {
        var answer = tenant().owner()
                .sendRaw("POST", "/api/v1/api-keys", "{\"name\":\"" + "x".repeat(300_000) + "\"}", "application/json");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text("type")).endsWith("body-too-large");
    }

    @Test
    void unknownPathUnderApiGets404Problem() {
        var answer = tenant().owner().get("/api/v1/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }
}
