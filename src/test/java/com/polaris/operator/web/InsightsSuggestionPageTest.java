package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.ArrayList;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The one-click path from an insight to a standing approval: the suggestion links to the standing
 * approvals tab with the form filled in for the tool, and nothing is granted until an admin sends it.
 */
class InsightsSuggestionPageTest extends PostgresApiTest {

    @Test
    void aRelaxReviewSuggestionOpensAFilledInStandingApprovalFormThatAnAdminStillSaves() {
        var reviewer = tenant().member("reviewer");
        var approvals = new ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            var proposed = proposeLead(agent(), "Lead " + i, "lead" + i + "@example.com");
            approvals.add(proposed.body().path("approval").path("id").asString());
        }
        var decided =
                reviewer.api().post("/api/v1/approvals/decisions", Map.of("ids", approvals, "decision", "approve"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        var admin = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");

        Document insights = admin.get("/insights").document();
        var link = insights.selectFirst("a.standing-approval-link");
        assertThat(link).as("the suggestion offers a standing approval").isNotNull();
        assertThat(link.text()).isEqualTo("Grant a standing approval for create_lead");
        assertThat(tenant().owner().get("/api/v1/standing-approvals").body().path("items"))
                .as("nothing granted by the suggestion")
                .isEmpty();

        Document form = admin.get(link.attr("href").replace("#new-standing-approval", ""))
                .document();
        assertThat(form.select("#standing-tool option[selected]").val()).isEqualTo("create_lead");
        assertThat(form.select("#standing-when").val()).isEqualTo("true");
        assertThat(form.select("#standing-max-uses").val()).isEqualTo("100");
        assertThat(form.select("#standing-until").val()).isNotBlank();
        assertThat(form.select("#standing-note").val()).startsWith("Suggested by insights: 50 of 50 decisions");

        var granted = admin.post(
                "/settings/standing-approvals",
                Map.of(
                        "tool", "create_lead",
                        "when", "args.email.endsWith('@example.com')",
                        "until", form.select("#standing-until").val(),
                        "maxUses", "100",
                        "note", form.select("#standing-note").val()));
        assertThat(granted.status()).as(granted.body()).isEqualTo(302);
        var listed = tenant().owner().get("/api/v1/standing-approvals").body().path("items");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.path(0).path("when").asString()).isEqualTo("args.email.endsWith('@example.com')");
    }
}
