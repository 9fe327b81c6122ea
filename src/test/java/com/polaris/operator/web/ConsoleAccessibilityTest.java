package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in Chromium checked with axe-core (the WebJar's {@code axe.min.js}, injected into each
 * page): every page, and every form with what needs fixing, has no accessibility violation. Each
 * form's error state also puts the focus on its error summary, whose links lead to the fields, and
 * each field names its message for screen readers; a screenshot of each error state is written to
 * {@code target/screenshots/form-errors-<form>.png}.
 */
class ConsoleAccessibilityTest extends PostgresApiTest {

    private static final String PASSWORD = "a long enough password";
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String AXE = axeSource();

    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setHeadless(true)
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        // axe is injected as a script of the page, which the console's Content-Security-Policy would refuse.
        context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(1280, 900).setBypassCSP(true));
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> consoleErrors.add(page.url() + ": " + error));
    }

    @AfterEach
    void closePage() {
        context.close();
        assertThat(consoleErrors).as("browser console errors").isEmpty();
    }

    @Test
    void everyPageOfTheConsoleHasNoAccessibilityViolation() {
        Tenant tenant = newWorkspace();
        String admin = member(tenant, "admin", "Alex Admin");
        Api agent = tenant.integrationKey();
        String action = propose(agent, "Ana Ruiz");
        String approval = approvalOf(tenant, action);
        customAction(tenant);
        assertThat(tenant.owner()
                        .put("/api/v1/secrets/crm_token", Map.of("value", "s3cret"))
                        .status())
                .isEqualTo(204);
        String keyId = tenant.owner()
                .post("/api/v1/api-keys", Map.of("name", "Website chatbot"))
                .text("id");
        String memberId = memberId(tenant, member(tenant, "reviewer", "Rita Reviewer"));

        page.navigate(url("/login"));
        checkAccessible("/login");
        page.evaluate("() => document.querySelector('form').append(document.createElement('input'))");
        assertThat(violations()).as("axe finds a field without a label").anyMatch(v -> v.startsWith("label "));
        signIn(admin);
        for (String path : List.of(
                "/approvals",
                "/approvals?status=all",
                "/approvals/" + approval + "/edit",
                "/actions",
                "/actions/" + action,
                "/tools",
                "/tools/create_lead",
                "/tools/send_email",
                "/tools/notify_crm",
                "/tools/new",
                "/settings/hours",
                "/settings/members",
                "/settings/members/" + memberId + "/remove",
                "/settings/keys",
                "/settings/keys/" + keyId + "/revoke",
                "/settings/tokens",
                "/settings/secrets",
                "/settings/secrets/crm_token/delete",
                "/settings/usage",
                "/audit")) {
            page.navigate(url(path));
            checkAccessible(path);
        }
        page.navigate(url("/approvals/" + approval + "/edit"));
        page.getByLabel("Name").fill("Ana María Ruiz");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review changes"))
                .click();
        PlaywrightAssertions.assertThat(page.locator("table.diff")).isVisible();
        checkAccessible("the preview of an edit");
        page.navigate(url("/settings/keys"));
        page.getByLabel("Name").fill("Reporting");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        PlaywrightAssertions.assertThat(page.locator(".key-shown")).isVisible();
        checkAccessible("a new key shown once");
        page.navigate(url("/no-such-page"));
        consoleErrors.removeIf(error -> error.contains("404"));
        checkAccessible("the page-not-found page");
    }

    @Test
    void everyFormWithSomethingToFixTakesTheFocusToItsSummaryAndHasNoAccessibilityViolation() {
        Tenant tenant = newWorkspace();
        String owner = member(tenant, "owner", "Olga Owner");
        Api agent = tenant.integrationKey();
        String first = propose(agent, "Ana Ruiz");
        String approval = approvalOf(tenant, first);
        customAction(tenant);

        signIn(owner);
        page.navigate(url("/tools/new"));
        page.locator("#action-name").fill("Notify CRM!");
        page.locator("#field-name-0").fill("1st email");
        page.locator("#webhook-headers").fill("no colon here");
        page.locator("#webhook-body").fill("{oops");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create custom action"))
                .click();
        checkErrorState("new-action", "action-name", "action-title", "field-name-0", "webhook-headers", "webhook-body");
        PlaywrightAssertions.assertThat(page.locator("#action-name")).hasValue("Notify CRM!");
        PlaywrightAssertions.assertThat(page.locator("#webhook-body")).hasValue("{oops");

        page.navigate(url("/tools/create_lead"));
        page.evaluate(
                "() => document.querySelectorAll('#basic-form input[type=radio]').forEach(r => r.checked = false)");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes"))
                .click();
        checkErrorState("basic-form", "approval-required", "execution-immediate");

        page.navigate(url("/tools/create_lead"));
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Policy JSON"))
                .fill("{\"approval\": ");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save Policy JSON"))
                .click();
        checkErrorState("policy-form", "policy");
        PlaywrightAssertions.assertThat(page.locator("#policy-errors"))
                .containsText("not valid JSON (see line 1, column");

        page.navigate(url("/tools/notify_crm"));
        page.getByLabel("Arguments").fill("{\"email\": 3}");
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Test").setExact(true))
                .click();
        checkErrorState("test-form", "test-arguments");
        PlaywrightAssertions.assertThat(page.locator("#test-arguments-errors"))
                .containsText("“email” must be a string");

        page.navigate(url("/settings/hours"));
        page.getByLabel("Time zone").fill("");
        page.getByLabel("Monday").fill("9 to 5");
        page.getByLabel("Holidays").fill("2026-12-25\n2026-12-\u000026");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save business hours"))
                .click();
        checkErrorState("hours-form", "timezone", "day-mon", "holidays");
        PlaywrightAssertions.assertThat(page.getByLabel("Monday")).hasValue("9 to 5");

        page.navigate(url("/settings/members"));
        page.getByLabel("Email").fill("nora");
        page.getByLabel("First password").fill("short");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add member"))
                .click();
        checkErrorState("new-member", "member-name", "member-email", "member-password");
        PlaywrightAssertions.assertThat(page.getByLabel("Email")).hasValue("nora");
        PlaywrightAssertions.assertThat(page.getByLabel("First password")).hasValue("");

        page.navigate(url("/settings/keys"));
        page.getByLabel("Name").fill("   ");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))
                .click();
        checkErrorState("new-key", "key-name");

        page.navigate(url("/settings/tokens"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token"))
                .click();
        checkErrorState("new-token", "token-name");

        page.navigate(url("/settings/secrets"));
        page.getByLabel("Name").fill("bad name");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save secret"))
                .click();
        checkErrorState("new-secret", "secret-value");

        page.navigate(url("/settings/usage"));
        page.getByLabel("Proposals per month").fill("ten");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limit"))
                .click();
        checkErrorState("limit-form", "limit");
        PlaywrightAssertions.assertThat(page.getByLabel("Proposals per month")).hasValue("ten");

        page.navigate(url("/approvals"));
        page.locator("#reject-" + approval)
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reject"))
                .click();
        checkErrorState("reject-" + approval, "reason-" + approval);

        page.navigate(url("/approvals"));
        page.evaluate("id => document.getElementById(id).value = 'c'.repeat(2001)", "comment-" + approval);
        page.locator("#approve-" + approval)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Approve").setExact(true))
                .click();
        checkErrorState("approve-" + approval, "comment-" + approval);

        page.navigate(url("/approvals/" + approval + "/edit"));
        page.getByLabel("Name").fill("");
        page.getByLabel("Email").fill("not an email");
        page.getByLabel("Phone").fill("call me");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review changes"))
                .click();
        checkErrorState("edit-form", "field-name", "field-email", "field-phone");
        PlaywrightAssertions.assertThat(page.getByLabel("Phone")).hasValue("call me");

        page.navigate(url("/approvals"));
        String rejectedMeanwhile = tenant.owner()
                .post("/api/v1/approvals/" + approval + "/reject", Map.of("reason", "Duplicate"))
                .text("status");
        assertThat(rejectedMeanwhile).isEqualTo("rejected");
        page.locator("#approve-" + approval)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Approve").setExact(true))
                .click();
        checkErrorState("inbox");
        PlaywrightAssertions.assertThat(page.locator("#inbox-summary"))
                .containsText("This approval has already been decided.");

        page.navigate(url("/actions?conversationId=conv%0081"));
        checkErrorState("action-filters", "conversationId");
        page.navigate(url("/audit?type=action.%00requested"));
        checkErrorState("audit-filters", "type");

        String second = propose(agent, "Bob Stone");
        page.navigate(url("/actions/" + second));
        assertThat(tenant.owner()
                        .post("/api/v1/actions/" + second + "/cancel", null)
                        .status())
                .isEqualTo(200);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel action"))
                .click();
        checkErrorState("action-page");
        PlaywrightAssertions.assertThat(page.locator("#action-page-summary")).containsText("cannot be cancelled");
    }

    @Test
    void theLastOwnerIsToldBesideTheFormWhyTheirRoleCannotChange() {
        Tenant tenant = newWorkspace();
        var onlyOwner =
                tenant.owner().get("/api/v1/members").body().path("items").get(0);
        String ownerId = onlyOwner.path("id").asString();

        page.navigate(url("/login"));
        page.getByLabel("Email").fill(onlyOwner.path("email").asString());
        page.getByLabel("Password").fill("correct horse battery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        PlaywrightAssertions.assertThat(page.locator(".who")).isVisible();
        page.navigate(url("/settings/members"));
        page.getByLabel("Role of Owner", new Page.GetByLabelOptions().setExact(true))
                .selectOption("admin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change the role of Owner"))
                .click();
        checkErrorState("role-form-" + ownerId, "role-" + ownerId);
        PlaywrightAssertions.assertThat(page.locator("#role-" + ownerId + "-errors"))
                .containsText("last owner");

        page.navigate(url("/settings/members/" + ownerId + "/remove"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Yes, remove this member"))
                .click();
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

    private void signIn(String email) {
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        PlaywrightAssertions.assertThat(page.locator(".who")).isVisible();
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void customAction(Tenant tenant) {
        var tool = tenant.owner()
                .post(
                        "/api/v1/tools",
                        Map.of(
                                "name",
                                "notify_crm",
                                "title",
                                "Notify the CRM",
                                "base",
                                "generic_webhook",
                                "inputSchema",
                                Map.of(
                                        "type",
                                        "object",
                                        "properties",
                                        Map.of("email", Map.of("type", "string", "format", "email")),
                                        "required",
                                        List.of("email"),
                                        "additionalProperties",
                                        false),
                                "config",
                                Map.of("url", "https://crm.example.com/hooks")));
        assertThat(tool.status()).as(tool.toString()).isEqualTo(201);
    }

    private static String member(Tenant tenant, String role, String name) {
        String email = role + "-" + System.nanoTime() + "@example.com";
        var created = tenant.owner()
                .post("/api/v1/members", Map.of("email", email, "name", name, "role", role, "password", PASSWORD));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    private static String memberId(Tenant tenant, String email) {
        return tenant.owner()
                .get("/api/v1/members")
                .body()
                .path("items")
                .valueStream()
                .filter(m -> m.path("email").asString().equals(email))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
    }

    private static String propose(Api agent, String name) {
        var proposed = agent.post(
                "/api/v1/actions",
                Map.of(
                        "tool",
                        "create_lead",
                        "arguments",
                        Map.of("name", name, "email", "lead@example.com"),
                        "conversation",
                        Map.of("id", "conv_a11y", "channel", "whatsapp", "excerpt", "Hi, I'd like a quote"),
                        "reason",
                        "Customer asked for a quote"));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        return proposed.text("id");
    }

    private static String approvalOf(Tenant tenant, String action) {
        return tenant.owner()
                .get("/api/v1/actions/" + action)
                .body()
                .path("approval")
                .path("id")
                .asString();
    }
}
