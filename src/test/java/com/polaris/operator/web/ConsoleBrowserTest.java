package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.polaris.operator.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser (Debian's Chromium, headless, driven by Playwright) against the
 * running service on PostgreSQL. Data is set up through the HTTP API as an agent and an owner would;
 * everything a reviewer or admin does then happens by clicking and typing.
 */
class ConsoleBrowserTest extends BrowserTestBase {

    @Test
    void aReviewerApprovesOneActionAndRejectsAnotherWithAReason() {
        var team = newTeam("reviewer", "Rita Reviewer");
        String ana = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");
        String bob = propose(team.agent(), "Bob Stone", "bob@example.com", "conv_82");

        signIn(team.member());
        PlaywrightAssertions.assertThat(page).hasURL(url("/approvals"));
        Locator anaCard = card("Create lead Ana Ruiz <ana@example.com>");
        PlaywrightAssertions.assertThat(anaCard).containsText("Agent Chatbot");
        PlaywrightAssertions.assertThat(anaCard).containsText("whatsapp");
        PlaywrightAssertions.assertThat(anaCard).containsText("Hi, I'd like a quote for Ana Ruiz");
        PlaywrightAssertions.assertThat(anaCard).containsText("Customer asked for a quote");
        PlaywrightAssertions.assertThat(anaCard).containsText("The tool's policy requires approval");
        PlaywrightAssertions.assertThat(anaCard).containsText("6 days 23 h left");
        PlaywrightAssertions.assertThat(page.locator(".top .badge").first()).hasText("2");
        checkPage();

        anaCard.getByLabel("Comment").fill("Looks right");
        approveButton(anaCard).click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Approved: Create lead Ana Ruiz");

        Locator bobCard = card("Create lead Bob Stone <bob@example.com>");
        bobCard.getByLabel("Reason for rejecting").focus();
        page.keyboard().type("Duplicate of an existing lead");
        page.keyboard().press("Tab");
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Rejected: Create lead Bob Stone");
        PlaywrightAssertions.assertThat(page.locator(".approval")).hasCount(0);

        awaitStatus(team.agent(), ana, "completed");
        page.navigate(url("/actions/" + ana));
        PlaywrightAssertions.assertThat(page.locator("#status")).hasText("Completed");
        PlaywrightAssertions.assertThat(page.locator(".timeline")).containsText("Approved by Rita Reviewer");
        PlaywrightAssertions.assertThat(page.locator(".timeline")).containsText("Comment: Looks right");
        PlaywrightAssertions.assertThat(page.locator(".timeline")).containsText("Completed");
        screenshot("action-timeline");
        checkPage();

        page.navigate(url("/actions/" + bob));
        PlaywrightAssertions.assertThat(page.locator("#status")).hasText("Rejected");
        PlaywrightAssertions.assertThat(page.locator(".timeline"))
                .containsText("Reason: Duplicate of an existing lead");
        assertThat(team.agent().get("/api/v1/actions/" + bob).text("status")).isEqualTo("rejected");

        page.navigate(url("/actions?status=rejected"));
        PlaywrightAssertions.assertThat(page.locator("table.list tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Bob Stone");
    }

    @Test
    void aReviewerSelectsTwoPendingApprovalsAndApprovesThemTogether() {
        var team = newTeam("reviewer", "Rita Reviewer");
        String ana = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");
        String bob = propose(team.agent(), "Bob Stone", "bob@example.com", "conv_82");
        String cleo = propose(team.agent(), "Cleo Park", "cleo@example.com", "conv_83");
        propose(team.tenant().signedIn(team.member()), "Dan Own", "dan@example.com", "conv_84");

        signIn(team.member());
        page.navigate(url("/approvals?status=pending"));
        PlaywrightAssertions.assertThat(card("Create lead Dan Own")).isVisible();
        PlaywrightAssertions.assertThat(card("Create lead Dan Own").getByRole(AriaRole.CHECKBOX))
                .hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("input[type=checkbox][name=ids]"))
                .hasCount(3);
        link("Select all 3 Create lead approvals").click();
        PlaywrightAssertions.assertThat(page.locator("input[type=checkbox][name=ids]:checked"))
                .hasCount(3);
        page.navigate(url("/approvals"));
        PlaywrightAssertions.assertThat(page.locator("input[type=checkbox][name=ids]:checked"))
                .hasCount(0);
        card("Create lead Ana Ruiz").getByLabel("Select").check();
        card("Create lead Bob Stone").getByLabel("Select").check();
        checkPage();
        screenshot("inbox-selection");
        button("Approve selected Create lead").click();

        PlaywrightAssertions.assertThat(page).hasURL(url("/approvals"));
        Locator outcomes = page.locator(".outcomes");
        PlaywrightAssertions.assertThat(outcomes).containsText("Approved 2 of 2 selected approvals.");
        PlaywrightAssertions.assertThat(outcomes).containsText("Create lead Ana Ruiz");
        PlaywrightAssertions.assertThat(outcomes).containsText("Create lead Bob Stone");
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(1);
        PlaywrightAssertions.assertThat(card("Create lead Cleo Park")).isVisible();
        page.navigate(url("/approvals?status=pending"));
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(2);
        checkPage();

        for (String action : List.of(ana, bob)) {
            awaitStatus(team.agent(), action, "completed");
        }
        assertThat(team.agent().get("/api/v1/actions/" + cleo).text("status")).isEqualTo("pending_approval");
        page.navigate(url("/approvals?status=approved"));
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(2);
        for (String name : List.of("Create lead Ana Ruiz", "Create lead Bob Stone")) {
            PlaywrightAssertions.assertThat(card(name).locator(".chip")).hasText("approved");
            PlaywrightAssertions.assertThat(card(name)).containsText("Approved by Rita Reviewer");
        }
    }

    @Test
    void argumentsEditedBeforeApprovingShowTheirDiffFirstAndInTheTimeline() {
        var team = newTeam("reviewer", "Rita Reviewer");
        String action = propose(team.agent(), "ana ruiz", "ana@exmaple.com", "conv_90");

        signIn(team.member());
        card("Create lead ana ruiz")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Edit arguments, then approve"))
                .click();
        page.getByLabel("Email").fill("not an email");
        page.getByLabel("Email").evaluate("e => e.type = 'text'");
        button("Review changes").click();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).containsText("Email");
        checkPage();

        page.getByLabel("Name").fill("Ana Ruiz");
        page.getByLabel("Email").fill("ana@example.com");
        page.getByLabel("Comment").fill("Fixed the typos");
        button("Review changes").click();
        Locator diff = page.locator("table.diff");
        PlaywrightAssertions.assertThat(diff).containsText("name");
        Locator nameRow = diff.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("name"));
        PlaywrightAssertions.assertThat(nameRow.locator("del")).hasText("“ana ruiz”");
        PlaywrightAssertions.assertThat(nameRow.locator("ins")).hasText("“Ana Ruiz”");
        PlaywrightAssertions.assertThat(diff.locator("tbody tr").first()).containsText("name");
        PlaywrightAssertions.assertThat(diff).containsText("“ana@example.com”");
        assertThat(team.agent().get("/api/v1/actions/" + action).text("status"))
                .as("nothing approved before confirming")
                .isEqualTo("pending_approval");
        checkPage();

        button("Confirm and approve").click();
        PlaywrightAssertions.assertThat(page.locator(".flash"))
                .containsText("Approved: Create lead Ana Ruiz <ana@example.com>");
        page.navigate(url("/actions/" + action));
        Locator timeline = page.locator(".timeline");
        PlaywrightAssertions.assertThat(timeline).containsText("Approved by Rita Reviewer, with changes");
        PlaywrightAssertions.assertThat(timeline).containsText("Changed name: “ana ruiz” → “Ana Ruiz”");
        PlaywrightAssertions.assertThat(timeline).containsText("Changed email: “ana@exmaple.com” → “ana@example.com”");
        assertThat(team.agent()
                        .get("/api/v1/actions/" + action)
                        .body()
                        .path("arguments")
                        .path("email")
                        .asString())
                .isEqualTo("ana@example.com");
    }

    @Test
    void aPresetFillsTheFormButNothingIsSavedUntilSaveChanges() {
        signInAs(tenant(), "admin", "Alex Admin");
        page.navigate(url("/tools"));
        PlaywrightAssertions.assertThat(page.locator(".tool-list")).containsText("A person approves every action");
        link("Configure Create lead").click();
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("All changes saved");

        button("Internal, low risk").click();
        PlaywrightAssertions.assertThat(page.getByLabel("No", new Page.GetByLabelOptions().setExact(true)))
                .isChecked();
        PlaywrightAssertions.assertThat(page.getByLabel("Immediately, while the agent waits"))
                .isChecked();
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
        PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("A person approves every action");
        screenshot("tool-configure");
        checkPage();
        var tool = tenant().owner().get("/api/v1/tools/create_lead");
        assertThat(tool.body().path("policy").path("approval").asString())
                .as("a preset saves nothing")
                .isEqualTo("required");
        assertThat(tool.body().path("policyVersion").asInt()).isZero();

        button("Save changes").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Saved.");
        page.reload();
        PlaywrightAssertions.assertThat(page.getByLabel("No", new Page.GetByLabelOptions().setExact(true)))
                .isChecked();
        PlaywrightAssertions.assertThat(page.getByLabel("Immediately, while the agent waits"))
                .isChecked();
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("All changes saved");
        PlaywrightAssertions.assertThat(page.locator("#in-force"))
                .containsText("No approval, runs at once, at any time");
        PlaywrightAssertions.assertThat(page.locator("#advanced table")).containsText("Alex Admin");
        PlaywrightAssertions.assertThat(page.locator("#advanced table")).containsText("approval: required → none");
        tool = tenant().owner().get("/api/v1/tools/create_lead");
        assertThat(tool.body().path("policy").path("approval").asString()).isEqualTo("none");
        assertThat(tool.body().path("policy").path("execution").asString()).isEqualTo("immediate");
        assertThat(tool.body().path("policyVersion").asInt()).isEqualTo(1);

        page.getByLabel("Run only during business hours").check();
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
        page.getByLabel("Run only during business hours").uncheck();
        PlaywrightAssertions.assertThat(page.locator("#unsaved")).hasText("All changes saved");

        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Policy JSON"))
                .fill("{\"approval\": \"sometimes\", \"execution\": \"immediate\", \"colour\": 1}");
        button("Save Policy JSON").click();
        PlaywrightAssertions.assertThat(page.locator("#policy-errors")).containsText("approval");
        PlaywrightAssertions.assertThat(page.locator("#policy-errors"))
                .containsText("must be one of required, optional, none");
        PlaywrightAssertions.assertThat(page.locator("#policy-errors")).containsText("colour");
        assertThat(tenant().policyVersion("create_lead")).isEqualTo(1);
        checkPage();

        page.navigate(url("/tools/send_email"));
        PlaywrightAssertions.assertThat(page.locator(".notice")).containsText("Some rules are forced for this tool");
    }

    @Test
    void anAdminPublishesADraftCustomActionFromItsPage() {
        String admin = tenant().addMember("admin", "Alex Admin");
        NotifyCrmAction.addDraftTo(tenant());

        signIn(admin);
        page.navigate(url("/tools"));
        PlaywrightAssertions.assertThat(page.locator("#draft-notify_crm")).hasText("Draft");
        link("Configure Notify the CRM").click();
        PlaywrightAssertions.assertThat(page.locator("#publication-state")).hasText("Draft");
        checkPage();
        exactButton("Publish").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("is published");
        PlaywrightAssertions.assertThat(page.locator("#publication-state")).hasText("Published");
        PlaywrightAssertions.assertThat(exactButton("Unpublish")).isVisible();
        assertThat(tenant().integrationKey().get("/api/v1/tools/notify_crm").status())
                .as("agents see it once published")
                .isEqualTo(200);
    }

    @Test
    void aViewerSeesNoDecideButtonsAndADirectPostIsRefused() {
        var team = newTeam("viewer", "Vera Viewer");
        String action = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");
        String approval = approvalOf(team.tenant(), action);

        signIn(team.member());
        Locator anaCard = card("Create lead Ana Ruiz");
        PlaywrightAssertions.assertThat(anaCard).containsText("can see approvals but not decide them");
        PlaywrightAssertions.assertThat(anaCard.getByRole(AriaRole.BUTTON)).hasCount(0);
        checkPage();

        String csrf = csrf();
        var refused = postForm(
                "/approvals/" + approval + "/approve",
                FormData.create().set("_csrf", csrf).set("comment", "sneaky"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text())
                .as("a viewer not named as a reviewer")
                .contains("You are not among the reviewers of this approval.")
                .doesNotContain("\"type\"");
        var withoutToken =
                postForm("/approvals/" + approval + "/reject", FormData.create().set("reason", "no"));
        assertThat(withoutToken.status()).as("a form without its CSRF token").isEqualTo(403);
        assertThat(team.tenant().owner().get("/api/v1/approvals/" + approval).text("status"))
                .isEqualTo("pending");

        page.navigate(url("/actions/" + action));
        PlaywrightAssertions.assertThat(button("Cancel action")).hasCount(0);
    }

    @Test
    void theMemberWhoProposedAnActionCannotDecideIt() {
        String reviewer = tenant().addMember("reviewer", "Rita Reviewer");
        String action = propose(tenant().signedIn(reviewer), "Ana Ruiz", "ana@example.com", "conv_81");
        String approval = approvalOf(tenant(), action);

        signIn(reviewer);
        PlaywrightAssertions.assertThat(page.locator(".empty")).hasText("Nothing is waiting for your decision.");
        link("pending").click();
        Locator anaCard = card("Create lead Ana Ruiz");
        PlaywrightAssertions.assertThat(anaCard)
                .containsText("You proposed this action, so someone else must decide it.");
        PlaywrightAssertions.assertThat(anaCard.getByRole(AriaRole.BUTTON)).hasCount(0);
        String csrf = csrf();
        var refused = postForm(
                "/approvals/" + approval + "/approve", FormData.create().set("_csrf", csrf));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void theUsageBannerShowsAtTheLimitWhileTheInboxStillWorks() {
        var team = newTeam("reviewer", "Rita Reviewer");
        String action = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");
        assertThat(team.tenant()
                        .owner()
                        .put("/api/v1/usage/limit", Map.of("limit", 1))
                        .status())
                .isEqualTo(200);
        assertThat(team.agent()
                        .post("/api/v1/actions", proposal("Bob", "bob@example.com", "conv_2"))
                        .status())
                .isEqualTo(429);

        signIn(team.member());
        for (String path : List.of("/approvals", "/actions", "/tools", "/settings/usage", "/audit")) {
            page.navigate(url(path));
            PlaywrightAssertions.assertThat(page.locator("#usage-banner")).containsText("approvals still work");
        }
        page.navigate(url("/approvals"));
        approveButton(card("Create lead Ana Ruiz")).click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Approved: Create lead Ana Ruiz");
        awaitStatus(team.agent(), action, "completed");
    }

    @Test
    void signingInNeedsTheRightPasswordAndSigningOutEndsTheSession() {
        String reviewer = tenant().addMember("reviewer", "Rita Reviewer");

        page.navigate(url("/actions"));
        PlaywrightAssertions.assertThat(page).hasURL(url("/login"));
        page.getByLabel("Email").fill(reviewer);
        page.getByLabel("Password").fill("not the password");
        button("Sign in").click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT))
                .containsText("The email or password is not right.");
        checkPage();

        page.getByLabel("Email").fill(reviewer);
        page.getByLabel("Password").fill(MEMBER_PASSWORD);
        page.keyboard().press("Enter");
        PlaywrightAssertions.assertThat(page).hasURL(url("/actions"));
        var session = context.cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .findFirst()
                .orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.secure).isTrue();
        assertThat(session.sameSite).hasToString("LAX");
        var missing = page.navigate(url("/no-such-page"));
        assertThat(missing.status()).isEqualTo(404);
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Page not found");
        consoleErrors.removeIf(error -> error.contains("404"));
        var apiWithSession = page.request().get(url("/api/v1/approvals"));
        assertThat(apiWithSession.status())
                .as("the API takes bearer tokens only, never the console's session")
                .isEqualTo(401);

        button("Sign out").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("You are signed out.");
        page.navigate(url("/approvals"));
        PlaywrightAssertions.assertThat(page).hasURL(url("/login"));

        var api = anonymous().get("/api/v1/approvals");
        assertThat(api.status())
                .as("the API still answers 401 problems, not a sign-in page")
                .isEqualTo(401);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        var unknown = tenant().owner().get("/api/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        var wrongMethod = tenant().owner().delete("/api/v1/approvals");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void everyPageHasLabelledFieldsKeyboardUsableButtonsAndFitsAPhone() {
        var team = newTeam("admin", "Alex Admin");
        String action = propose(team.agent(), "Ana Ruiz", "ana@example.com", "conv_81");
        String approval = approvalOf(team.tenant(), action);
        List<String> pages = consolePages(action, approval);

        page.navigate(url("/login"));
        checkPage();
        signIn(team.member());
        for (String path : pages) {
            page.navigate(url(path));
            assertThat(page.title()).as(path).endsWith("· Polaris Operator");
            checkPage();
        }
        page.setViewportSize(390, 844);
        for (String path : pages) {
            page.navigate(url(path));
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue())
                    .as("horizontal overflow of " + path + " at phone width")
                    .isLessThanOrEqualTo(0);
        }
        page.navigate(url("/approvals"));
        screenshot("inbox-phone");

        page.navigate(url("/settings/keys"));
        page.getByLabel("Name").fill("Website chatbot");
        button("Create key").click();
        String key = page.getByLabel("Key “Website chatbot”").inputValue();
        assertThat(key).startsWith("pol_key_");
        assertThat(anonymous().as(key).get("/api/v1/tools").status()).isEqualTo(200);
        page.navigate(url("/settings/keys"));
        assertThat(page.content()).doesNotContain(key);

        page.navigate(url("/audit"));
        PlaywrightAssertions.assertThat(page.locator(".verification")).containsText("The log is intact.");
    }

    @Test
    void failedActionsAreCountedOnTheNavigationAndCanBeRetriedOrCancelled() {
        var team = newTeam("reviewer", "Rita Reviewer");
        var email = team.agent()
                .post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "send_email",
                                "arguments",
                                Map.of("to", "ana@example.com", "subject", "Your quote", "body", "Hello Ana")));
        assertThat(email.status()).as(email.toString()).isEqualTo(201);
        String failing = email.text("id");
        String pending = propose(team.agent(), "Bob Stone", "bob@example.com", "conv_82");

        signIn(team.member());
        approveButton(card("Email ana@example.com: “Your quote”")).click();
        awaitStatus(team.agent(), failing, "failed");
        page.navigate(url("/actions"));
        PlaywrightAssertions.assertThat(page.locator(".top .badge.problem")).hasText("1");
        page.getByRole(
                        AriaRole.LINK,
                        new Page.GetByRoleOptions().setName("Failed").setExact(true))
                .click();
        PlaywrightAssertions.assertThat(page.locator("table.list tbody tr")).hasCount(1);
        link("Email ana@example.com: “Your quote”").click();
        PlaywrightAssertions.assertThat(page.locator("#status")).hasText("Failed");
        PlaywrightAssertions.assertThat(page.locator(".error-box")).isVisible();
        checkPage();
        button("Retry").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Retried");
        PlaywrightAssertions.assertThat(page.locator(".timeline")).containsText("Retried by Rita Reviewer");

        page.navigate(url("/actions/" + pending));
        button("Cancel action").click();
        PlaywrightAssertions.assertThat(page.locator("#status")).hasText("Cancelled");
        PlaywrightAssertions.assertThat(page.locator(".timeline")).containsText("Cancelled by Rita Reviewer");
        assertThat(team.agent().get("/api/v1/actions/" + pending).text("status"))
                .isEqualTo("cancelled");
        PlaywrightAssertions.assertThat(button("Cancel action")).hasCount(0);
    }

    @Test
    void anAdminChangesBusinessHoursAndAddsAMember() {
        signInAs(tenant(), "admin", "Alex Admin");
        page.navigate(url("/settings/hours"));
        PlaywrightAssertions.assertThat(page.getByLabel("Monday")).hasValue("09:00-18:00");
        page.getByLabel("Time zone").fill("Europe/Madrid");
        page.getByLabel("Saturday").fill("18:00-10:00");
        button("Save business hours").click();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).containsText("must end after it starts");
        assertThat(tenant().owner().get("/api/v1/business-hours").text("timezone"))
                .isEqualTo("UTC");
        checkPage();
        page.getByLabel("Saturday").fill("10:00-14:00");
        page.getByLabel("Holidays").fill("2026-12-25");
        button("Save business hours").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Business hours saved.");
        var hours = tenant().owner().get("/api/v1/business-hours").body();
        assertThat(hours.path("timezone").asString()).isEqualTo("Europe/Madrid");
        assertThat(hours.path("weekly").path("sat").toString()).isEqualTo("[[\"10:00\",\"14:00\"]]");
        assertThat(hours.path("holidays").toString()).isEqualTo("[\"2026-12-25\"]");

        page.navigate(url("/settings/members"));
        String email = "new-reviewer-" + System.nanoTime() + "@example.com";
        page.getByLabel("Name").fill("Nora New");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("reviewer");
        page.getByLabel("First password").fill(MEMBER_PASSWORD);
        button("Add member").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Nora New can now sign in");
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText(email);
        button("Sign out").click();
        signIn(email);
        PlaywrightAssertions.assertThat(page.locator(".who")).containsText("Nora New");
    }

    @Test
    void anAdminChangesAMembersRoleAndRemovesThemAfterConfirming() {
        String admin = tenant().addMember("admin", "Alex Admin");
        String rita = tenant().addMember("reviewer", "Rita Reviewer");
        Page.GetByLabelOptions exact = new Page.GetByLabelOptions().setExact(true);
        Api ritaApi = tenant().signedIn(rita);

        signIn(admin);
        page.navigate(url("/settings/members"));
        assertThat(page.getByLabel("Role of Rita Reviewer", exact).inputValue()).isEqualTo("reviewer");
        PlaywrightAssertions.assertThat(page.getByLabel("Role of Owner", exact)).hasCount(0);
        page.getByLabel("Role of Rita Reviewer", exact).selectOption("viewer");
        button("Change the role of Rita Reviewer").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Rita Reviewer is now viewer.");
        assertThat(page.getByLabel("Role of Rita Reviewer", exact).inputValue()).isEqualTo("viewer");

        confirm(
                "Remove Rita Reviewer",
                "#confirm-remove",
                "Remove Rita Reviewer from the workspace?",
                "Yes, remove this member");
        PlaywrightAssertions.assertThat(page.locator(".flash"))
                .containsText("Rita Reviewer (" + rita + ") was removed.");
        PlaywrightAssertions.assertThat(page.locator("table.list")).not().containsText(rita);
        assertThat(ritaApi.get("/api/v1/tools").status()).isEqualTo(401);
        screenshot("settings-members");
    }

    @Test
    void aViewerMakesAPersonalTokenSeesItOnceAndRevokesIt() {
        signInAs(tenant(), "viewer", "Vera Viewer");
        page.navigate(url("/settings/tokens"));
        PlaywrightAssertions.assertThat(page.locator(".empty")).containsText("You have no tokens.");
        page.getByLabel("Name").fill("Reporting script");
        button("Create token").click();
        String token = page.getByLabel("Token “Reporting script”").inputValue();
        assertThat(token).startsWith("pol_pat_");
        var script = anonymous().as(token);
        assertThat(script.get("/api/v1/tools").status()).isEqualTo(200);
        assertThat(script.get("/api/v1/members").status())
                .as("with the viewer's role")
                .isEqualTo(403);

        page.navigate(url("/settings/tokens"));
        assertThat(page.content()).doesNotContain(token);
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Reporting script");
        confirm(
                "Revoke Reporting script",
                "#confirm-revoke",
                "Revoke the token “Reporting script”?",
                "Yes, revoke this token");
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Token “Reporting script” revoked");
        assertThat(script.get("/api/v1/tools").status()).isEqualTo(401);
    }

    @Test
    void aRemovedMembersOpenSessionEndsAndSendsThemToSignIn() {
        String rita = signInAs(tenant(), "reviewer", "Rita Reviewer");
        page.navigate(url("/actions"));
        PlaywrightAssertions.assertThat(page.locator(".who")).containsText("Rita Reviewer");
        String ritaId = tenant().memberId(rita);
        assertThat(tenant().owner().delete("/api/v1/members/" + ritaId).status())
                .isEqualTo(204);

        page.navigate(url("/actions"));
        assertThat(page.url()).endsWith("/login");
        PlaywrightAssertions.assertThat(page.locator("form")).containsText("Sign in");
    }

    @Test
    void longListsArePagedWithLinksToOlderEntriesAndBackToTheNewest() {
        var team = newTeam("admin", "Alex Admin");
        for (int i = 0; i <= 50; i++) {
            propose(team.agent(), "Lead " + i, "lead" + i + "@example.com", "conv_page_" + i);
        }

        signIn(team.member());
        page.navigate(url("/approvals"));
        // The inbox shows 20 cards a page, so that its first page stays quick to render at any size.
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(20);
        link("Older approvals").click();
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(20);
        link("Older approvals").click();
        PlaywrightAssertions.assertThat(page.locator("article.approval")).hasCount(11);
        PlaywrightAssertions.assertThat(page.locator("article.approval").last()).containsText("Lead 0");
        checkPage();
        link("Newest approvals").click();
        PlaywrightAssertions.assertThat(page.locator("article.approval").first())
                .containsText("Lead 50");

        page.navigate(url("/actions?status=pending_approval"));
        PlaywrightAssertions.assertThat(page.locator("table.list tbody tr")).hasCount(50);
        link("Older actions").click();
        PlaywrightAssertions.assertThat(page.locator("table.list tbody tr")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Lead 0");
        assertThat(page.url()).contains("status=pending_approval");

        page.navigate(url("/audit"));
        PlaywrightAssertions.assertThat(page.locator("table.list tbody tr")).hasCount(100);
        long lastOnFirst = Long.parseLong(
                page.locator("table.list tbody tr").last().locator("td").first().innerText());
        link("Older events").click();
        long firstOnSecond = Long.parseLong(page.locator("table.list tbody tr")
                .first()
                .locator("td")
                .first()
                .innerText());
        assertThat(firstOnSecond).isLessThan(lastOnFirst);
    }

    @Test
    void anAdminAddsASecretAndSeesItsNameButNeverItsValue() {
        String admin = tenant().addMember("admin", "Alex Admin");
        String value = "crm-value-" + System.nanoTime();

        signIn(admin);
        page.navigate(url("/settings"));
        link("Secrets").click();
        PlaywrightAssertions.assertThat(page.locator("h2#secrets-title")).isVisible();
        PlaywrightAssertions.assertThat(page.getByLabel("Value")).hasAttribute("type", "password");
        page.getByLabel("Name").fill("bad name");
        page.getByLabel("Value").fill(value);
        button("Save secret").click();
        PlaywrightAssertions.assertThat(page.locator(".field-error").first())
                .containsText("Name must start with a letter");
        PlaywrightAssertions.assertThat(page.getByLabel("Value")).hasValue("");
        assertThat(page.content())
                .as("the value is not shown again after an error")
                .doesNotContain(value);
        checkPage();

        page.getByLabel("Name").fill("crm_token");
        page.getByLabel("Value").fill(value);
        page.getByLabel("Value").press("Enter");
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Secret “crm_token” added.");
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("crm_token");
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Never");
        assertThat(page.content()).doesNotContain(value);
        screenshot("settings-secrets");
        assertThat(tenant().owner()
                        .get("/api/v1/secrets")
                        .firstItem()
                        .path("name")
                        .asString())
                .isEqualTo("crm_token");
        checkPage();

        confirm("Delete crm_token", "#confirm-delete", "Delete the secret “crm_token”?", "Yes, delete this secret");
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Secret “crm_token” deleted.");
        PlaywrightAssertions.assertThat(page.locator(".empty")).containsText("No secrets yet.");
    }

    @Test
    void anAdminRevokesAnIntegrationKeyAfterConfirmingIt() {
        String admin = tenant().addMember("admin", "Alex Admin");
        var created = tenant().owner().post("/api/v1/api-keys", Map.of("name", "Website chatbot"));
        var bot = anonymous().as(created.text("key"));
        assertThat(bot.get("/api/v1/tools").status()).isEqualTo(200);

        signIn(admin);
        page.navigate(url("/settings/keys"));
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Website chatbot");
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Active");
        assertThat(page.content()).doesNotContain(created.text("key"));
        confirm(
                "Revoke Website chatbot",
                "#confirm-revoke",
                "Revoke the key “Website chatbot”?",
                "Yes, revoke this key");
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Key “Website chatbot” revoked");
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("Revoked");
        PlaywrightAssertions.assertThat(link("Revoke Website chatbot")).hasCount(0);
        assertThat(bot.get("/api/v1/tools").status()).isEqualTo(401);
        screenshot("settings-keys");
    }

    @Test
    void aReviewerSeesNoSecretActionsAndADirectPostIsRefused() {
        tenant().saveSecret("crm_token", "owner-value");
        signInAs(tenant(), "reviewer", "Rita Reviewer");
        page.navigate(url("/settings/secrets"));
        PlaywrightAssertions.assertThat(page.locator("table.list")).containsText("crm_token");
        PlaywrightAssertions.assertThat(page.locator("main").getByRole(AriaRole.BUTTON))
                .hasCount(0);
        PlaywrightAssertions.assertThat(page.getByText("Only owners and admins add, replace or delete secrets."))
                .isVisible();
        page.navigate(url("/tools"));
        PlaywrightAssertions.assertThat(page.getByText("New custom action")).hasCount(0);

        String csrf = csrf();
        var refused = postForm(
                "/settings/secrets",
                FormData.create().set("_csrf", csrf).set("name", "crm_token").set("value", "sneaky"));
        assertThat(refused.status()).isEqualTo(403);
        var deleteRefused =
                postForm("/settings/secrets/crm_token/delete", FormData.create().set("_csrf", csrf));
        assertThat(deleteRefused.status()).isEqualTo(403);
        assertThat(tenant().owner().get("/api/v1/secrets").body().path("items").size())
                .isEqualTo(1);
    }

    @Test
    void anOwnerCreatesAWebhookActionSeesItsSigningSecretOnceAndTestsItWithTheSecretMasked() {
        String owner = tenant().addMember("owner", "Olga Owner");
        String value = "crm-secret-" + System.nanoTime();
        tenant().saveSecret("crm_token", value);

        signIn(owner);
        page.navigate(url("/tools"));
        link("New custom action").click();
        page.getByLabel("Name (what agents call it)").fill("notify_crm");
        page.getByLabel("Title (what people see)").fill("Notify the CRM");
        page.getByLabel("Description").fill("Tells the CRM about a new customer");
        page.getByLabel("Field 1 name").fill("email");
        page.getByLabel("Field 1 type").selectOption("email");
        page.getByLabel("Field 1 required").check();
        button("Add another field").click();
        PlaywrightAssertions.assertThat(page.getByLabel("Field 3 name")).isVisible();
        PlaywrightAssertions.assertThat(page.getByLabel("Field 1 name")).hasValue("email");
        page.getByLabel("Field 2 name").fill("orders");
        page.getByLabel("Field 2 type").selectOption("number");
        page.getByLabel("URL").fill("http://crm.example.com/hooks");
        page.getByLabel("Headers").fill("Authorization: Bearer {{secret:crm_token}}");
        page.getByLabel("Body template").fill("{\"email\": \"{{args.email}}\", \"orders\": \"{{args.orders}}\"}");
        checkPage();
        button("Create custom action").click();
        PlaywrightAssertions.assertThat(page.locator(".field-error")).containsText("URL must be an https URL");
        PlaywrightAssertions.assertThat(page.getByLabel("Field 1 type")).hasValue("email");
        PlaywrightAssertions.assertThat(page.getByLabel("Headers"))
                .hasValue("Authorization: Bearer {{secret:crm_token}}");
        screenshot("custom-action-new");

        page.getByLabel("URL").fill("https://crm.example.com/hooks");
        button("Create custom action").click();
        PlaywrightAssertions.assertThat(page.locator(".flash")).containsText("Custom action notify_crm created.");
        String signingSecret = page.getByLabel("Signing secret").inputValue();
        assertThat(signingSecret).startsWith("whsec_");
        checkPage();
        var tool = tenant().owner().get("/api/v1/tools/notify_crm").body();
        assertThat(tool.path("base").asString()).isEqualTo("generic_webhook");
        assertThat(tool.path("inputSchema").path("required").toString()).isEqualTo("[\"email\"]");
        assertThat(tool.path("inputSchema")
                        .path("properties")
                        .path("orders")
                        .path("type")
                        .asString())
                .isEqualTo("number");

        link("Go to the action: rules and Test").click();
        assertThat(page.content()).as("the signing secret is shown once").doesNotContain(signingSecret);
        page.getByLabel("Arguments").fill("{\"orders\": \"many\"}");
        exactButton("Test").click();
        PlaywrightAssertions.assertThat(page.locator("#dry-run")).containsText("email");
        PlaywrightAssertions.assertThat(page.locator("#dry-run [role=alert]")).isVisible();

        page.getByLabel("Arguments").fill("{\"email\": \"ana@example.com\", \"orders\": 3}");
        exactButton("Test").click();
        Locator request = page.locator("#dry-run-request");
        PlaywrightAssertions.assertThat(request).containsText("https://crm.example.com/hooks");
        PlaywrightAssertions.assertThat(request).containsText("Bearer ••••");
        PlaywrightAssertions.assertThat(request).containsText("ana@example.com");
        PlaywrightAssertions.assertThat(page.locator("#dry-run")).containsText("A person would approve it first");
        assertThat(page.content()).doesNotContain(value);
        screenshot("custom-action-test");
        checkPage();
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items").size())
                .as("a test stores nothing")
                .isZero();
    }

    /**
     * What every page must hold to: every visible field has a label, every button is a real,
     * focusable button (or link) with words on it, and nothing was written to the console.
     */
    private void checkPage() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                  .map(e => e.outerHTML)""");
        assertThat(unlabelled).as("fields without a label on " + page.url()).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> unusable = (List<String>) page.evaluate("""
                () => [...document.querySelectorAll('button, .button, [role=button], [onclick]')]
                  .filter(e => !['BUTTON', 'A'].includes(e.tagName) || e.tabIndex < 0
                      || (e.tagName === 'A' && !e.getAttribute('href'))
                      || !(e.innerText || e.getAttribute('aria-label') || '').trim())
                  .map(e => e.outerHTML)""");
        assertThat(unusable)
                .as("buttons a keyboard cannot reach on " + page.url())
                .isEmpty();
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    /**
     * Follows the link {@code action} to the question the page asks first in {@code dialog}, checks
     * that page, and answers with the button {@code yes}.
     */
    private void confirm(String action, String dialog, String question, String yes) {
        link(action).click();
        PlaywrightAssertions.assertThat(page.locator(dialog)).containsText(question);
        checkPage();
        button(yes).click();
    }

    private Locator card(String summary) {
        return page.locator("article.approval").filter(new Locator.FilterOptions().setHasText(summary));
    }
}
