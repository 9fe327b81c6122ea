package com.polaris.operator.web;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Test;

/** The bell in the console's header: a reviewer sees what waits for them and marks it read. */
class NotificationBellBrowserTest extends BrowserTestBase {

    @Test
    void aReviewersBellShowsTheApprovalAnAgentAsksForAndClearsWhenRead() {
        var team = newTeam("reviewer", "Rita Reviewer");
        String first = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");

        signIn(team.member());
        Locator bell = page.locator(".bell");
        PlaywrightAssertions.assertThat(bell).hasAttribute("aria-label", "Notifications, 1 unread");
        PlaywrightAssertions.assertThat(bell.locator(".badge")).hasText("1");

        propose(team.agent(), "Bob Stone", "bob@example.com", "conv_82");
        page.reload();
        PlaywrightAssertions.assertThat(bell.locator(".badge")).hasText("2");
        bell.click();
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Notifications");
        Locator items = page.locator(".notification");
        PlaywrightAssertions.assertThat(items).hasCount(2);
        PlaywrightAssertions.assertThat(items.first()).containsText("Waiting for your approval: Create lead");
        String approval = approvalOf(team.tenant(), first);
        PlaywrightAssertions.assertThat(items.last().getByText("Open the approval"))
                .hasAttribute("href", "/approvals/" + approval);
        screenshot("notifications");

        items.last().getByText("Mark read").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Marked read.");
        PlaywrightAssertions.assertThat(bell.locator(".badge")).hasText("1");
        PlaywrightAssertions.assertThat(items).hasCount(1);

        button("Mark all read").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("1 notification marked read.");
        PlaywrightAssertions.assertThat(bell.locator(".badge")).hasCount(0);
        PlaywrightAssertions.assertThat(page.locator(".empty")).hasText("Nothing unread.");
        link("All").click();
        PlaywrightAssertions.assertThat(items).hasCount(2);

        items.last().getByText("Open the approval").click();
        PlaywrightAssertions.assertThat(page.locator("#approval-" + approval)).isVisible();
    }
}
