package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console in Chromium checked with axe-core (the WebJar's {@code axe.min.js}, injected into each
 * page): every page, and every form with what needs fixing, has no accessibility violation. Each
 * form's error state also puts the focus on its error summary, whose links lead to the fields, and
 * each field names its message for screen readers; a screenshot of each error state is written to
 * {@code target/screenshots/form-errors-<form>.png}.
 */
class ConsoleAccessibilityTest extends BrowserTestBase {

    private static final String AXE = axeSource();

    /** axe is injected as a script of the page, which the console's Content-Security-Policy would refuse. */
    @Override
    Browser.NewContextOptions window() {
        return super.window().setBypassCSP(true);
    }

    @Test
    void everyPageOfTheConsoleHasNoAccessibilityViolation() {
        var team = newTeam("admin", "Alex Admin");
        String action = propose(team.agent(), "Ana Ruiz", "lead@example.com", "conv_a11y");
        String approval = approvalOf(team.tenant(), action);
        String rejected = propose(team.agent(), "Bob Stone", "bob@example.com", "conv_a11y_2");
        // one rejection, so that insights draw a chart
        rejectAsOwner(team.tenant(), rejected, "Not a customer");
        NotifyCrmAction.addTo(team.tenant());
        team.tenant().saveSecret("crm_token", "s3cret");
        String keyId = team.tenant()
                .owner()
                .post("/api/v1/api-keys", Map.of("name", "Website chatbot"))
                .text("id");
        String memberId = team.tenant().memberId(team.tenant().addMember("reviewer", "Rita Reviewer"));
        String subscriptionId = team.tenant()
                .owner()
                .post(
                        "/api/v1/event-subscriptions",
                        Map.of("url", "https://crm.example.com/events", "events", List.of("action.completed")))
                .text("id");

        addMessage(team.agent(), "conv_a11y", "customer", "Hi, I'd like a quote", "whatsapp");
        addMessage(team.agent(), "conv_a11y", "bot", "Of course: what is your email?", "whatsapp");

        page.navigate(url("/login"));
        checkAccessible("/login");
        page.evaluate("() => document.querySelector('form').append(document.createElement('input'))");
        assertThat(violations()).as("axe finds a field without a label").anyMatch(v -> v.startsWith("label "));
        signIn(team.member());
        var pages = new ArrayList<>(consolePages(action, approval));
        pages.addAll(List.of(
                "/tools/notify_crm",
                "/settings/members/" + memberId + "/remove",
                "/settings/keys/" + keyId + "/revoke",
                "/settings/secrets/crm_token/delete",
                "/settings/events/" + subscriptionId,
                "/settings/events/" + subscriptionId + "/delete",
                "/conversations/conv_a11y",
                "/conversations/conv_a11y/erase"));
        for (String path : pages) {
            page.navigate(url(path));
            checkAccessible(path);
        }
        page.navigate(url("/approvals/" + approval + "/edit"));
        page.getByLabel("Name").fill("Ana María Ruiz");
        button("Review changes").click();
        PlaywrightAssertions.assertThat(page.locator("table.diff")).isVisible();
        checkAccessible("the preview of an edit");
        page.navigate(url("/settings/keys"));
        page.getByLabel("Name").fill("Reporting");
        button("Create key").click();
        PlaywrightAssertions.assertThat(page.locator(".key-shown")).isVisible();
        checkAccessible("a new key shown once");
        page.navigate(url("/no-such-page"));
        consoleErrors.removeIf(error -> error.contains("404"));
        checkAccessible("the page-not-found page");
    }

    @Test
    void everyFormWithSomethingToFixTakesTheFocusToItsSummaryAndHasNoAccessibilityViolation() {
        var team = newTeam("owner", "Olga Owner");
        String first = propose(team.agent(), "Ana Ruiz", "lead@example.com", "conv_a11y");
        String approval = approvalOf(team.tenant(), first);
        NotifyCrmAction.addTo(team.tenant());

        signIn(team.member());
        page.navigate(url("/tools/new"));
        page.locator("#action-name").fill("Notify CRM!");
        page.locator("#field-name-0").fill("1st email");
        page.locator("#webhook-headers").fill("no colon here");
        page.locator("#webhook-body").fill("{oops");
        button("Create custom action").click();
        checkErrorState("new-action", "action-name", "action-title", "field-name-0", "webhook-headers", "webhook-body");
        PlaywrightAssertions.assertThat(page.locator("#action-name")).hasValue("Notify CRM!");
        PlaywrightAssertions.assertThat(page.locator("#webhook-body")).hasValue("{oops");

        page.navigate(url("/tools/create_lead"));
        page.evaluate(
                "() => document.querySelectorAll('#basic-form input[type=radio]').forEach(r => r.checked = false)");
        button("Save changes").click();
        checkErrorState("basic-form", "approval-required", "execution-immediate");

        page.navigate(url("/tools/create_lead"));
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Policy JSON"))
                .fill("{\"approval\": ");
        button("Save Policy JSON").click();
        checkErrorState("policy-form", "policy");
        PlaywrightAssertions.assertThat(page.locator("#policy-errors"))
                .containsText("not valid JSON (see line 1, column");

        page.navigate(url("/tools/notify_crm"));
        page.getByLabel("Arguments").fill("{\"email\": 3}");
        exactButton("Test").click();
        checkErrorState("test-form", "test-arguments");
        PlaywrightAssertions.assertThat(page.locator("#test-arguments-errors"))
                .containsText("“email” must be a string");

        page.navigate(url("/settings/hours"));
        page.getByLabel("Time zone").fill("");
        page.getByLabel("Monday").fill("9 to 5");
        page.getByLabel("Holidays").fill("2026-12-25\n2026-12-\u000026");
        button("Save business hours").click();
        checkErrorState("hours-form", "timezone", "day-mon", "holidays");
        PlaywrightAssertions.assertThat(page.getByLabel("Monday")).hasValue("9 to 5");

        page.navigate(url("/settings/members"));
        page.getByLabel("Email").fill("nora");
        page.getByLabel("First password").fill("short");
        button("Add member").click();
        checkErrorState("new-member", "member-name", "member-email", "member-password");
        PlaywrightAssertions.assertThat(page.getByLabel("Email")).hasValue("nora");
        PlaywrightAssertions.assertThat(page.getByLabel("First password")).hasValue("");

        page.navigate(url("/settings/keys"));
        page.getByLabel("Name").fill("   ");
        button("Create key").click();
        checkErrorState("new-key", "key-name");

        page.navigate(url("/settings/tokens"));
        button("Create token").click();
        checkErrorState("new-token", "token-name");

        page.navigate(url("/settings/secrets"));
        page.getByLabel("Name").fill("bad name");
        button("Save secret").click();
        checkErrorState("new-secret", "secret-value");

        page.navigate(url("/settings/whatsapp"));
        page.getByLabel("Phone number id").fill("+31 6 1234");
        page.getByLabel("Verify token").fill("short");
        exactButton("Save").click();
        checkErrorState(
                "whatsapp-channel",
                "wa-phone-number-id",
                "wa-access-token-secret",
                "wa-app-secret-secret",
                "wa-verify-token");
        PlaywrightAssertions.assertThat(page.getByLabel("Phone number id")).hasValue("+31 6 1234");

        page.navigate(url("/settings/usage"));
        page.getByLabel("Proposals per month").fill("ten");
        button("Save limit").click();
        checkErrorState("limit-form", "limit");
        PlaywrightAssertions.assertThat(page.getByLabel("Proposals per month")).hasValue("ten");

        page.navigate(url("/approvals"));
        page.locator("#reject-" + approval)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reject"))
                .click();
        checkErrorState("reject-" + approval, "reason-" + approval);

        page.navigate(url("/approvals"));
        page.evaluate("id => document.getElementById(id).value = 'c'.repeat(2001)", "comment-" + approval);
        approveButton(page.locator("#approve-" + approval)).click();
        checkErrorState("approve-" + approval, "comment-" + approval);

        page.navigate(url("/approvals/" + approval + "/edit"));
        page.getByLabel("Name").fill("");
        page.getByLabel("Email").fill("not an email");
        page.getByLabel("Phone").fill("call me");
        button("Review changes").click();
        checkErrorState("edit-form", "field-name", "field-email", "field-phone");
        PlaywrightAssertions.assertThat(page.getByLabel("Phone")).hasValue("call me");

        page.navigate(url("/approvals"));
        String rejectedMeanwhile = team.tenant()
                .owner()
                .post("/api/v1/approvals/" + approval + "/reject", Map.of("reason", "Duplicate"))
                .text("status");
        assertThat(rejectedMeanwhile).isEqualTo("rejected");
        approveButton(page.locator("#approve-" + approval)).click();
        checkErrorState("inbox");
        PlaywrightAssertions.assertThat(page.locator("#inbox-summary"))
                .containsText("This approval has already been decided.");

        page.navigate(url("/actions?conversationId=conv%0081"));
        checkErrorState("action-filters", "conversationId");
        page.navigate(url("/audit?type=action.%00requested"));
        checkErrorState("audit-filters", "type");

        String second = propose(team.agent(), "Bob Stone", "lead@example.com", "conv_a11y");
        page.navigate(url("/actions/" + second));
        assertThat(team.tenant()
                        .owner()
                        .post("/api/v1/actions/" + second + "/cancel", null)
                        .status())
                .isEqualTo(200);
        button("Cancel action").click();
        checkErrorState("action-page");
        PlaywrightAssertions.assertThat(page.locator("#action-page-summary")).containsText("cannot be cancelled");
    }

    @Test
    void theLastOwnerIsToldBesideTheFormWhyTheirRoleCannotChange() {
        var onlyOwner = tenant().owner().get("/api/v1/members").firstItem();
        String ownerId = onlyOwner.path("id").asString();

        signIn(onlyOwner.path("email").asString(), "correct horse battery");
        page.navigate(url("/settings/members"));
        page.getByLabel("Role of Owner", new Page.GetByLabelOptions().setExact(true))
                .selectOption("admin");
        button("Change the role of Owner").click();
        checkErrorState("role-form-" + ownerId, "role-" + ownerId);
        PlaywrightAssertions.assertThat(page.locator("#role-" + ownerId + "-errors"))
                .containsText("last owner");

        page.navigate(url("/settings/members/" + ownerId + "/remove"));
        button("Yes, remove this member").click();
        checkErrorState("remove-form");
        PlaywrightAssertions.assertThat(page.locator("#remove-form-summary")).containsText("last owner");
    }

    /**
     * The page answered a form with something to fix: its summary is at the top of the form and has
     * the focus, links to each of {@code fields}, each of which is marked invalid and described by
     * its message; and axe finds no violation.
     */
    private void checkErrorState(String form, String... fields) {
        var summary = page.locator("#" + form + "-summary");
        PlaywrightAssertions.assertThat(summary).isVisible();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(page.evaluate("() => document.activeElement && document.activeElement.id"))
                                .as("the focused element")
                                .isEqualTo(form + "-summary"));
        for (String field : fields) {
            PlaywrightAssertions.assertThat(summary.locator("a[href='#" + field + "']"))
                    .hasCount(1);
            var input = page.locator("#" + field);
            PlaywrightAssertions.assertThat(input).hasAttribute("aria-invalid", "true");
            assertThat(input.getAttribute("aria-describedby")).contains(field + "-errors");
            PlaywrightAssertions.assertThat(page.locator("#" + field + "-errors"))
                    .isVisible();
        }
        checkAccessible("the errors of " + form + " on " + page.url());
        screenshot("form-errors-" + form.replaceAll("-apr_\\w+|-mem_\\w+", ""));
        if (fields.length > 0) {
            summary.locator("a[href='#" + fields[0] + "']").click();
            assertThat(page.url()).endsWith("#" + fields[0]);
        }
    }

    /** Runs axe-core over the page as it is now; every violation is listed with the elements it is about. */
    private void checkAccessible(String what) {
        assertThat(violations()).as("axe-core violations on " + what).isEmpty();
        assertThat(consoleErrors).as("console errors on " + what).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<String> violations() {
        if (!(Boolean) page.evaluate("() => typeof window.axe !== 'undefined'")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(AXE));
        }
        return (List<String>) page.evaluate("""
                async () => (await axe.run(document)).violations
                  .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))""");
    }

    private static String axeSource() {
        String resource = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
        try (InputStream in = ConsoleAccessibilityTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
