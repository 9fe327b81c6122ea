package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.ApiTestBase.Tenant;
import com.polaris.operator.PostgresApiTest;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The console's side of drafts: the state and its buttons on a tool's page, the Draft badge, test runs marked. */
class ToolPublicationPageTest extends PostgresApiTest {

    private ConsoleClient signIn(Tenant tenant, String role) {
        return ConsoleClient.signInAs(port, tenant, role, "A " + role);
    }

    @Test
    void anAdminPublishesADraftFromItsPageAndTestRunsAreMarked() {
        NotifyCrmAction.addDraftTo(tenant());
        var run = tenant().member("reviewer")
                .api()
                .post("/api/v1/tools/notify_crm/test-runs", Map.of("arguments", Map.of(), "reason", "Trying it"));
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        String actionId = run.text("id");
        String approvalId = run.body().path("approval").path("id").asString();

        ConsoleClient admin = signIn(tenant(), "admin");
        assertThat(admin.get("/tools").document().getElementById("draft-notify_crm"))
                .as("the list shows a Draft badge")
                .isNotNull();
        var page = admin.get("/tools/notify_crm").document();
        assertThat(page.getElementById("publication-state").text()).isEqualTo("Draft");
        assertThat(page.select("#publication-form button").text()).isEqualTo("Publish");
        Element testRuns = page.getElementById("test-runs");
        assertThat(testRuns).isNotNull();
        assertThat(testRuns.select("a").attr("href")).isEqualTo("/actions/" + actionId);
        assertThat(admin.get("/actions/" + actionId).document().getElementById("test-run"))
                .isNotNull();
        assertThat(admin.get("/actions").document().select(".chip.test").text()).isEqualTo("Test run");
        assertThat(admin.get("/approvals")
                        .document()
                        .select("#approval-" + approvalId + " .chip.test")
                        .text())
                .isEqualTo("Test run");

        ConsoleClient viewer = signIn(tenant(), "viewer");
        assertThat(viewer.get("/tools/notify_crm").document().getElementById("publication-form"))
                .isNull();
        assertThat(viewer.post("/tools/notify_crm/publish", Map.of()).status()).isEqualTo(403);

        var published = admin.post("/tools/notify_crm/publish", Map.of());
        assertThat(published.status()).as(published.body()).isEqualTo(302);
        assertThat(published.location()).endsWith("/tools/notify_crm");
        var after = admin.get("/tools/notify_crm").document();
        assertThat(after.getElementById("publication-state").text()).isEqualTo("Published");
        assertThat(after.select("#publication-form button").text()).isEqualTo("Unpublish");
        assertThat(admin.get("/tools").document().getElementById("draft-notify_crm"))
                .isNull();
        assertThat(agent().get("/api/v1/tools/notify_crm").status()).isEqualTo(200);
        assertThat(tenant().owner()
                        .get("/api/v1/audit?type=tool.published")
                        .firstItem()
                        .path("actor")
                        .path("name")
                        .asString())
                .isEqualTo("A admin");
    }

    @Test
    void aMemberRunsATestFromTheToolsPageAndLandsOnItsAction() {
        ConsoleClient reviewer = signIn(tenant(), "reviewer");

        var refused = reviewer.post("/tools/create_lead/test-runs", Map.of("arguments", "{\"name\": \"Ana\"}"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.document().getElementById("test-run-arguments-errors"))
                .as("the missing email is said beside the arguments")
                .isNotNull();
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items").size())
                .isZero();

        var run = reviewer.post(
                "/tools/create_lead/test-runs",
                Map.of("arguments", "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}", "reason", "Trying it"));

        assertThat(run.status()).as(run.body()).isEqualTo(302);
        String actionId = run.location().substring(run.location().lastIndexOf('/') + 1);
        var action = tenant().owner().get("/api/v1/actions/" + actionId).body();
        assertThat(action.path("test").asBoolean()).isTrue();
        assertThat(action.path("reason").asString()).isEqualTo("Trying it");
        assertThat(action.path("status").asString()).isEqualTo("pending_approval");
        assertThat(action.path("timeline").path(0).path("data").path("via").asString())
                .isEqualTo("console");
    }
}
