package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch in the console: a reviewer finds it in the inbox as "N items of <tool>" with a sample and
 * a download link, approves it there, and watches its page's progress reach completed without
 * reloading it; the list of batches shows it.
 */
class BatchPagesBrowserTest extends BrowserTestBase {

    @Test
    void aReviewerApprovesABatchInTheInboxAndWatchesItsProgressReachCompleted() {
        var team = newTeam("reviewer", "Rita Reviewer");
        var items = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 40; i++) {
            items.add(Map.of("arguments", Map.of("name", "Fair lead " + i, "email", "fair" + i + "@example.com")));
        }
        var created = team.agent()
                .post(
                        "/api/v1/action-batches",
                        Map.of("tool", "create_lead", "items", items, "reason", "Leads from the spring fair"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");

        signIn(team.member());
        Locator card = page.locator("article.batch-approval");
        PlaywrightAssertions.assertThat(card).hasCount(1);
        PlaywrightAssertions.assertThat(card.locator("h2")).hasText("40 items of Create lead");
        PlaywrightAssertions.assertThat(card.locator(".batch-sample tbody tr")).hasCount(5);
        PlaywrightAssertions.assertThat(card.locator(".batch-sample")).containsText("Fair lead 0");
        PlaywrightAssertions.assertThat(card.locator("a.download-items"))
                .hasAttribute("href", "/batches/" + id + "/items.json");
        screenshot("batch-approval");

        card.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Approve all items"))
                .click();
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("40 items of Create lead");
        PlaywrightAssertions.assertThat(page.locator("#approval-status")).hasText("approved");
        PlaywrightAssertions.assertThat(page.locator("#batch-status"))
                .hasText("completed", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        PlaywrightAssertions.assertThat(page.locator("#batch-ended")).containsText("40 of 40 items ended");
        PlaywrightAssertions.assertThat(page.locator("#count-completed")).containsText("40");
        PlaywrightAssertions.assertThat(page.locator("#cancel-batch")).hasCount(0);
        screenshot("batch-completed");

        link("Batches").first().click();
        PlaywrightAssertions.assertThat(page.locator("#batch-" + id)).containsText("completed");
        assertThat(List.of(team.agent().get("/api/v1/action-batches/" + id).text("status")))
                .containsExactly("completed");
    }
}
