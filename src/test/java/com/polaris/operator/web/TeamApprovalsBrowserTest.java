package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.polaris.operator.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Approvals a team can run, in a real browser: who reviews and how many in the basic form, the
 * warning when nobody could decide, and the inbox's "For me" view, its oldest-first order and its
 * quorum cards with the highlighted arguments first.
 */
class TeamApprovalsBrowserTest extends BrowserTestBase {

    /** How reviewers read a discount: its summary, and the arguments shown first. */
    private static final Map<String, Object> DISCOUNT_REVIEW = Map.of(
            "summary",
            "Apply {{args.percent}}% off for {{args.customer}}",
            "highlight",
            List.of("percent", "customer"));

    @Test
    void theConfigurePageSetsReviewersAndQuorumInBasicModeWithPresetsUnchangedInMeaning() {
        String admin = tenant().addMember("admin", "Alex Admin");
        tenant().addMember("reviewer", "Rita Reviewer");
        tenant().addMember("reviewer", "Lena Reviewer");
        String viewer = tenant().addMember("viewer", "Vera Viewer");

        signIn(admin);
        page.navigate(url("/tools/apply_discount"));
        PlaywrightAssertions.assertThat(roleBox("Owners")).isChecked();
        PlaywrightAssertions.assertThat(roleBox("Admins")).isChecked();
        PlaywrightAssertions.assertThat(roleBox("Reviewers")).isChecked();
        PlaywrightAssertions.assertThat(page.getByLabel("Approvals needed")).hasValue("1");
        PlaywrightAssertions.assertThat(page.getByLabel("Expires after")).hasValue("");

        button("Business hours").click();
        PlaywrightAssertions.assertThat(page.getByLabel("Run only during business hours"))
                .isChecked();
        PlaywrightAssertions.assertThat(roleBox("Owners")).isChecked();
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Saved.");
        JsonNode policy = policy(tenant());
        assertThat(policy.path("businessHours").asBoolean()).isTrue();
        assertThat(policy.has("reviewers"))
                .as("the preset leaves the default reviewers as they were")
                .isFalse();

        tenant().savePolicy(
                        "apply_discount",
                        "required",
                        "background",
                        Map.of(
                                "businessHours",
                                true,
                                "routes",
                                List.of(Map.of(
                                        "when", "args.percent > 30", "reviewers", Map.of("roles", List.of("owner")))),
                                "review",
                                DISCOUNT_REVIEW));
        page.reload();
        roleBox("Owners").uncheck();
        roleBox("Admins").uncheck();
        page.getByLabel("Members by email").fill(viewer);
        page.getByLabel("Approvals needed").fill("2");
        page.getByLabel("Expires after").fill("72");
        page.getByLabel("Remind reviewers after").fill("4");
        page.getByLabel("Escalate to owners and admins after").fill("24");
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
        screenshot("tool-reviewers");
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Saved.");
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("All changes saved");
        PlaywrightAssertions.assertThat(page.getByLabel("Members by email")).hasValue(viewer);
        PlaywrightAssertions.assertThat(page.locator("#advanced table"))
                .containsText(
                        "reviewers: owner, admin, reviewer; 1 must approve → reviewer, " + viewer + "; 2 must approve");

        policy = policy(tenant());
        assertThat(policy.path("reviewers").path("roles").valueStream().map(JsonNode::asString))
                .containsExactly("reviewer");
        assertThat(policy.path("reviewers").path("members").valueStream().map(JsonNode::asString))
                .containsExactly(viewer);
        assertThat(policy.path("reviewers").path("quorum").asInt()).isEqualTo(2);
        assertThat(policy.path("approvalExpiresAfter").asString()).isEqualTo("PT72H");
        assertThat(policy.path("remindAfter").asString()).isEqualTo("PT4H");
        assertThat(policy.path("escalateAfter").asString()).isEqualTo("PT24H");
        assertThat(policy.path("routes").get(0).path("when").asString())
                .as("routes the basic form does not show are kept")
                .isEqualTo("args.percent > 30");
        assertThat(policy.path("review").path("highlight").valueStream().map(JsonNode::asString))
                .containsExactly("percent", "customer");

        button("Internal, low risk").click();
        PlaywrightAssertions.assertThat(page.getByLabel("No", new Page.GetByLabelOptions().setExact(true)))
                .isChecked();
        PlaywrightAssertions.assertThat(page.getByLabel("Approvals needed")).hasValue("2");
        PlaywrightAssertions.assertThat(page.getByLabel("Members by email")).hasValue(viewer);
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("No approval, runs at once");
        policy = policy(tenant());
        assertThat(policy.path("approval").asString()).isEqualTo("none");
        assertThat(policy.path("reviewers").path("quorum").asInt())
                .as("a preset keeps who reviews")
                .isEqualTo(2);
        assertThat(policy.path("remindAfter").asString()).isEqualTo("PT4H");
        assertThat(policy.path("routes").size()).isEqualTo(1);

        int version = tenant().policyVersion("apply_discount");
        page.getByLabel("Members by email").fill(viewer + "\nnobody@example.com");
        page.getByLabel("Remind reviewers after").fill("soon");
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator("#remind-after-errors"))
                .containsText("Reminder after must be a number of hours");
        page.getByLabel("Remind reviewers after").fill("4");
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator("#reviewer-members-errors"))
                .containsText("“nobody@example.com” is not a member of this workspace");
        PlaywrightAssertions.assertThat(page.getByLabel("Members by email")).hasValue(viewer + "\nnobody@example.com");
        assertThat(tenant().policyVersion("apply_discount")).as("nothing saved").isEqualTo(version);
    }

    @Test
    void aToolsPageShowsTheNobodyCanDecideWarning() {
        String admin = tenant().addMember("admin", "Alex Admin");
        tenant().addMember("reviewer", "Rita Reviewer");
        tenant().savePolicy(
                        "apply_discount",
                        "required",
                        "immediate",
                        Map.of("reviewers", Map.of("roles", List.of("reviewer"), "quorum", 3)));

        signIn(admin);
        page.navigate(url("/tools"));
        Locator discount =
                page.locator(".tool-list .card").filter(new Locator.FilterOptions().setHasText("Apply discount"));
        PlaywrightAssertions.assertThat(discount.locator(".chip.warning"))
                .hasText("Approvals may find nobody to decide");
        PlaywrightAssertions.assertThat(page.locator(".chip.warning")).hasCount(1);

        link("Configure Apply discount").click();
        Locator alert = page.getByRole(AriaRole.ALERT);
        PlaywrightAssertions.assertThat(alert).containsText("Its approvals may find nobody to decide them");
        PlaywrightAssertions.assertThat(alert)
                .containsText("The quorum of 3 in reviewers is more than the 1 members who may decide");

        page.getByLabel("Approvals needed").fill("1");
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Saved.");
        // one reviewer and a quorum of one: nobody else decides what that reviewer proposes
        PlaywrightAssertions.assertThat(alert).containsText("the requester never counts");

        roleBox("Admins").check();
        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Saved.");
        PlaywrightAssertions.assertThat(page.locator("#warnings")).hasCount(0);
        page.navigate(url("/tools"));
        PlaywrightAssertions.assertThat(page.locator(".chip.warning")).hasCount(0);
    }

    @Test
    void theInboxListsWhatIMayDecideFirstWithTheQuorumAndTheHighlightedArguments() {
        String rita = tenant().addMember("reviewer", "Rita Reviewer");
        String lena = tenant().addMember("reviewer", "Lena Reviewer");
        String admin = tenant().addMember("admin", "Alex Admin");
        tenant().savePolicy(
                        "apply_discount",
                        "required",
                        "immediate",
                        Map.of(
                                "reviewers",
                                Map.of("roles", List.of("reviewer"), "quorum", 2),
                                "review",
                                DISCOUNT_REVIEW));
        Api agent = tenant().integrationKey();
        String oldest = discountApproval(agent, "Ana Ruiz", 20);
        discountApproval(agent, "Bob Stone", 10);
        String newest = discountApproval(agent, "Cleo Park", 15);

        signIn(rita);
        PlaywrightAssertions.assertThat(page.locator(".filters a.current")).hasText("For me");
        Locator cards = page.locator("article.approval");
        PlaywrightAssertions.assertThat(cards).hasCount(3);
        PlaywrightAssertions.assertThat(cards.first()).containsText("Cleo Park");
        Locator highlights = cards.first().locator("table.highlights tr");
        PlaywrightAssertions.assertThat(highlights.first()).containsText("percent");
        PlaywrightAssertions.assertThat(highlights.first()).containsText("15");
        PlaywrightAssertions.assertThat(highlights.nth(1)).containsText("Cleo Park");
        PlaywrightAssertions.assertThat(cards.first().locator("details.arguments summary"))
                .hasText("Other arguments");

        link("Waiting longest").click();
        PlaywrightAssertions.assertThat(cards.first()).containsText("Ana Ruiz");
        PlaywrightAssertions.assertThat(cards.last()).containsText("Cleo Park");
        assertThat(page.url()).contains("sort=oldest");
        Locator ana = cards.first();
        approveButton(ana).click();
        PlaywrightAssertions.assertThat(page.locator(".flash"))
                .containsText("1 of 2 approvals so far; it runs once the others approve");
        PlaywrightAssertions.assertThat(cards).hasCount(2);

        page.navigate(url("/approvals?status=pending"));
        Locator waiting = page.locator("#approval-" + oldest);
        PlaywrightAssertions.assertThat(waiting.locator(".quorum")).hasText("1 of 2");
        PlaywrightAssertions.assertThat(waiting).containsText("Approved by Rita Reviewer");
        PlaywrightAssertions.assertThat(waiting).containsText("You approved this version; it waits for the others.");

        button("Sign out").click();
        clock.advance(Duration.ofMinutes(130));
        signIn(lena);
        link("Waiting longest").click();
        PlaywrightAssertions.assertThat(cards).hasCount(3);
        PlaywrightAssertions.assertThat(cards.first().locator(".quorum")).hasText("1 of 2");
        PlaywrightAssertions.assertThat(cards.first()).containsText("2 h 10 min");
        PlaywrightAssertions.assertThat(cards.first()).containsText("reviewer");
        screenshot("inbox");

        button("Sign out").click();
        signIn(admin);
        PlaywrightAssertions.assertThat(page.locator(".empty")).hasText("Nothing is waiting for your decision.");
        link("pending").click();
        PlaywrightAssertions.assertThat(cards).hasCount(3);
        PlaywrightAssertions.assertThat(page.locator("#approval-" + newest))
                .containsText("This tool's approvals go to other reviewers.");
    }

    /** The checkbox of a reviewing role in the basic form ("Owners", "Admins", "Reviewers"). */
    private Locator roleBox(String name) {
        return page.getByLabel(name, new Page.GetByLabelOptions().setExact(true));
    }

    private static JsonNode policy(Tenant tenant) {
        return tenant.owner().get("/api/v1/tools/apply_discount").body().path("policy");
    }
}
