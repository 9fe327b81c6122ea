package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The standing approvals tab: an admin is told what to fix in a grant and nothing is stored, grants
 * one, sees its use count grow as proposals use it, and revokes it; a viewer sees none of it and
 * may not post.
 */
class StandingApprovalPagesTest extends SettingsTabTestBase {

    @Test
    void anAdminGrantsSeesUsesAndRevokesAndAViewerMayNot() {
        String until = LocalDateTime.ofInstant(clock.instant().plus(Duration.ofDays(7)), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();

        var empty = admin.settingsTab("/settings/standing-approvals", "Standing approvals");
        assertThat(empty.document().select("p.empty").text()).isEqualTo("No standing approvals yet.");
        assertThat(empty.document().select("#standing-tool option").eachText())
                .contains("create_lead")
                .doesNotContain("send_email", "generic_webhook");

        var badCondition = admin.post(
                "/settings/standing-approvals",
                Map.of("tool", "create_lead", "when", "args.name ==", "until", until, "maxUses", "5"));
        assertThat(badCondition.status()).isEqualTo(200);
        assertThat(badCondition
                        .document()
                        .select("#new-standing-approval-summary")
                        .text())
                .contains("Condition");
        assertThat(badCondition.document().select("#standing-when-errors").text())
                .contains("not a valid condition");
        var noUses = admin.post(
                "/settings/standing-approvals",
                Map.of("tool", "create_lead", "when", "true", "until", until, "maxUses", "0"));
        assertThat(noUses.document().select("#standing-max-uses-errors").text()).contains("1 to 1000000");
        assertThat(tenant().owner().get("/api/v1/standing-approvals").body().path("items"))
                .as("nothing granted")
                .isEmpty();

        var granted = admin.post(
                "/settings/standing-approvals",
                Map.of(
                        "tool",
                        "create_lead",
                        "when",
                        "args.name == 'Ana'",
                        "until",
                        until,
                        "maxUses",
                        "5",
                        "note",
                        "Spring campaign"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(302);
        JsonNode item = tenant().owner().get("/api/v1/standing-approvals").firstItem();
        String id = item.path("id").asString();
        assertThat(item.path("when").asString()).isEqualTo("args.name == 'Ana'");
        assertThat(item.path("note").asString()).isEqualTo("Spring campaign");
        assertThat(item.path("maxUses").asInt()).isEqualTo(5);

        var proposed = proposeLead(tenant().integrationKey(), "Ana", "ana@example.com");
        assertThat(proposed.body().path("decision").path("standingApprovalId").asString())
                .isEqualTo(id);
        var actionPage = admin.get("/actions/" + proposed.text("id"));
        assertThat(actionPage.status()).isEqualTo(200);
        assertThat(actionPage.document().text())
                .contains("Approved in advance by standing approval " + id)
                .contains("Use 1 of 5");
        var row = admin.get("/settings/standing-approvals").document().select("#standing-" + id);
        assertThat(row.text()).contains("create_lead", "args.name == 'Ana'", "1 of 5", "Spring campaign", "In force");

        assertThat(viewer.get("/settings/standing-approvals").body())
                .contains("Only owners and admins see, grant and revoke standing approvals.")
                .doesNotContain("Spring campaign");
        assertThat(viewer.post(
                                "/settings/standing-approvals",
                                Map.of("tool", "create_lead", "when", "true", "until", until, "maxUses", "5"))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.post("/settings/standing-approvals/" + id + "/revoke", Map.of())
                        .status())
                .isEqualTo(403);

        var revoked = admin.post("/settings/standing-approvals/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);
        var after = admin.get("/settings/standing-approvals");
        assertThat(after.body()).contains("revoked after 1 uses");
        assertThat(after.document().select("#standing-" + id).text()).contains("Revoked");
        assertThat(after.document().select("#standing-" + id + " button")).isEmpty();
        assertThat(tenant().owner()
                        .get("/api/v1/standing-approvals")
                        .firstItem()
                        .path("revokedAt")
                        .isNull())
                .isFalse();
    }
}
