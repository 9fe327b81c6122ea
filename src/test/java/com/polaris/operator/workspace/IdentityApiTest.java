package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityApiTest extends PostgresApiTest {

    @Test
    void platformTokenCreatesWorkspaceWithWorkingOwnerToken() {
        var tenant = newWorkspace();
        var members = tenant.owner().get("/api/v1/members");
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body().path("items")).hasSize(1);
        assertThat(members.body().path("items").get(0).path("role").asString()).isEqualTo("owner");
        assertThat(members.body().toString()).doesNotContain("password");
    }

    @Test
    void workspaceCreationNeedsThePlatformToken() {
        var answer = anonymous().as("wrong").post("/api/v1/workspaces",
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
        var tenant = newWorkspace();
        var key = tenant.integrationKey();
        assertThat(key.get("/api/v1/members").status()).isEqualTo(403);
        assertThat(key.post("/api/v1/api-keys", Map.of("name", "x")).status()).isEqualTo(403);
    }

    @Test
    void reviewerCannotAddMembers() {
        var tenant = newWorkspace();
        var reviewer = tenant.member("reviewer");
        var answer = reviewer.api().post("/api/v1/members",
                Map.of("email", "z@example.com", "name", "Z", "role", "viewer", "password", "long enough pw"));
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void invalidMemberGets422WithFieldErrors() {
        var tenant = newWorkspace();
        var answer = tenant.owner().post("/api/v1/members", Map.of("email", "nope", "role", "boss", "password", "short"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "name", "role", "password");
    }

    @Test
    void wrongPasswordGets401() {
        var tenant = newWorkspace();
        tenant.member("viewer");
        var answer = anonymous().post("/api/v1/auth/tokens", Map.of("email", "nobody@example.com", "password", "whatever123"));
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void malformedJsonGets400Problem() {
        var tenant = newWorkspace();
        var answer = tenant.owner().sendRaw("POST", "/api/v1/api-keys", "{\"name\": ", "application/json");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).endsWith("malformed-json");
    }

    @Test
    void oversizedBodyGets413Problem() {
        var tenant = newWorkspace();
        var answer = tenant.owner().sendRaw("POST", "/api/v1/api-keys", "{\"name\":\"" + "x".repeat(300_000) + "\"}",
                "application/json");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text("type")).endsWith("body-too-large");
    }

    @Test
    void unknownPathUnderApiGets404Problem() {
        var tenant = newWorkspace();
        var answer = tenant.owner().get("/api/v1/nothing-here");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }
}
