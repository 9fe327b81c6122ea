package com.polaris.operator.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.polaris.operator.Ids;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The insights page: a member picks a period and reads each tool's figures, charts and suggestion. */
class InsightsBrowserTest extends BrowserTestBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMemberSeesEachToolsChartsAndTheSuggestionWithTheWayToActOnIt() {
        var team = newTeam("viewer", "Vera Viewer");
        String approved = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_1");
        String rejected = propose(team.agent(), "Bob Stone", "bob@example.com", "conv_2");
        approveAsOwner(team.tenant(), approved);
        rejectAsOwner(team.tenant(), rejected, "Not a customer");
        awaitStatus(team.agent(), approved, "completed");
        Instant now = clock.instant();
        for (int i = 0; i < 20; i++) {
            jdbc.sql("""
                            insert into actions (id, workspace_id, tool, status, arguments, request_review,
                                requested_by_type, requested_by_id, requested_by_name, decision, attempts,
                                created_at, updated_at, test)
                            values (?, ?, 'send_notification', ?, '{}', false, 'api_key', 'key_seed', 'Chatbot',
                                '{"approval":"not_required","execution":"immediate"}', 1, ?, ?, false)""")
                    .params(
                            Ids.next("act"),
                            team.tenant().id(),
                            i < 3 ? "failed" : "completed",
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        }

        signIn(team.member());
        link("Insights").click();
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Insights");
        Locator leads = page.locator("section.insight").filter(new Locator.FilterOptions().setHasText("create_lead"));
        PlaywrightAssertions.assertThat(leads.locator("svg[role=img]")).hasCount(2);
        Locator outcomes = leads.locator("svg[role=img]").first();
        PlaywrightAssertions.assertThat(outcomes.locator("title")).hasText("Approval outcomes of create_lead");
        PlaywrightAssertions.assertThat(outcomes.locator("desc"))
                .hasText("1 approved unedited, 0 approved after an edit, 1 rejected, 0 expired.");
        PlaywrightAssertions.assertThat(outcomes.locator("rect")).hasCount(2);
        PlaywrightAssertions.assertThat(leads.locator("svg[role=img]").last().locator("desc"))
                .hasText("1 completed, 0 failed, 0 needs review.");
        PlaywrightAssertions.assertThat(leads.locator(".facts dd").first()).hasText("2");
        PlaywrightAssertions.assertThat(leads.locator(".reasons")).hasText("Not a customer (1)");
        PlaywrightAssertions.assertThat(leads.locator(".suggestion")).hasCount(0);

        Locator notifications =
                page.locator("section.insight").filter(new Locator.FilterOptions().setHasText("send_notification"));
        PlaywrightAssertions.assertThat(notifications.locator("svg[role=img]")).hasCount(1);
        PlaywrightAssertions.assertThat(notifications.locator("svg[role=img] desc"))
                .hasText("17 completed, 3 failed, 0 needs review.");
        PlaywrightAssertions.assertThat(notifications).containsText("No approval has been decided or has expired.");
        Locator suggestion = notifications.locator(".suggestion");
        PlaywrightAssertions.assertThat(suggestion).containsText("Suggestion: add review");
        PlaywrightAssertions.assertThat(suggestion).containsText("3 of 20 runs without approval");
        PlaywrightAssertions.assertThat(suggestion.getByText("Add review to send_notification"))
                .hasAttribute("href", "/tools/send_notification");
        screenshot("insights");

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        page.getByLabel("From").fill(today.plusDays(1).toString());
        page.getByLabel("To").fill(today.toString());
        button("Show").click();
        PlaywrightAssertions.assertThat(page.locator(".error-summary")).containsText("must not be after to");
        PlaywrightAssertions.assertThat(page.locator("section.insight")).hasCount(0);

        page.getByLabel("From").fill(today.minusDays(400).toString());
        page.getByLabel("To").fill(today.minusDays(380).toString());
        button("Show").click();
        PlaywrightAssertions.assertThat(page.locator(".empty")).hasText("No proposals in this period.");

        link("Last 7 days").click();
        PlaywrightAssertions.assertThat(link("Last 7 days")).hasAttribute("aria-current", "page");
        PlaywrightAssertions.assertThat(page.locator("section.insight")).hasCount(2);
        PlaywrightAssertions.assertThat(page.locator("svg[role=img]")).hasCount(3);
    }
}
