package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The console in a real browser (Debian's Chromium, headless, driven by Playwright) against the
 * running service on PostgreSQL: one browser for a test class, a fresh page and a new workspace for
 * each test, and a test fails when anything is written to the browser's console.
 */
public abstract class BrowserTestBase extends PostgresApiTest {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    BrowserContext context;
    Page page;

    final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create();
        browser = chromium(playwright);
    }

    /** Debian's headless Chromium, as every browser test runs it. */
    public static Browser chromium(Playwright playwright) {
        return playwright
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

    /** The window each test's page opens in. */
    Browser.NewContextOptions window() {
        return new Browser.NewContextOptions().setViewportSize(1280, 900);
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(window());
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

    /**
     * The test's workspace as most browser tests meet it: one member with {@code role} and {@code name}
     * (their email, to sign in with later) and the agent that proposes through the workspace's
     * integration key.
     */
    record Team(Tenant tenant, String member, Api agent) {}

    /** Adds a member with {@code role} and {@code name} to the test's workspace, then an integration key for its agent. */
    Team newTeam(String role, String name) {
        String member = tenant().addMember(role, name);
        return new Team(tenant(), member, tenant().integrationKey());
    }

    /** Signs in on the sign-in page as the member with {@code email} and waits for the console. */
    void signIn(String email) {
        signIn(email, MEMBER_PASSWORD);
    }

    /** Adds a member with {@code role} and {@code name} to {@code tenant}, signs them in and answers their email. */
    String signInAs(Tenant tenant, String role, String name) {
        String email = tenant.addMember(role, name);
        signIn(email);
        return email;
    }

    void signIn(String email, String password) {
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        PlaywrightAssertions.assertThat(page.locator(".who")).isVisible();
    }

    /** Writes the whole page to {@code target/screenshots/<name>.png}. */
    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The button whose name holds {@code name}. */
    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    /** The button named exactly {@code name}. */
    Locator exactButton(String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** The link whose name holds {@code name}. */
    Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name));
    }

    /** The Approve button within {@code approval}, a card of the inbox or its form. */
    static Locator approveButton(Locator approval) {
        return approval.getByRole(
                AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Approve").setExact(true));
    }

    /** Posts {@code form} with this page's session, as a crafted request would, following no redirect. */
    APIResponse postForm(String path, FormData form) {
        return page.request()
                .post(url(path), RequestOptions.create().setForm(form).setMaxRedirects(0));
    }

    /** The CSRF token of the page as it is now. */
    String csrf() {
        return page.locator("input[name=_csrf]").first().inputValue();
    }

    /** The workspace's owner approves what {@code action} waits for. */
    static void approveAsOwner(Tenant tenant, String action) {
        approveAs(tenant.owner(), approvalOf(tenant, action));
    }

    /** The workspace's owner rejects what {@code action} waits for, giving {@code reason}. */
    static void rejectAsOwner(Tenant tenant, String action, String reason) {
        var rejected = tenant.owner()
                .post("/api/v1/approvals/" + approvalOf(tenant, action) + "/reject", Map.of("reason", reason));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
    }

    /** Every page of the console that needs no more than one action, waiting for {@code approval}. */
    static List<String> consolePages(String action, String approval) {
        return List.of(
                "/approvals",
                "/approvals?status=all",
                "/approvals/" + approval,
                "/approvals/" + approval + "/edit",
                "/actions",
                "/actions/" + action,
                "/tools",
                "/tools/create_lead",
                "/tools/send_email",
                "/tools/new",
                "/settings/hours",
                "/settings/members",
                "/settings/keys",
                "/settings/tokens",
                "/settings/secrets",
                "/settings/usage",
                "/settings/events",
                "/settings/whatsapp",
                "/settings/standing-approvals",
                "/settings/conversations",
                "/settings/web-widget",
                "/audit",
                "/insights",
                "/notifications",
                "/notifications?show=all");
    }

    /** A lead that a customer asked for on WhatsApp, in {@code conversation}. */
    static Map<String, Object> proposal(String name, String email, String conversation) {
        return Map.of(
                "tool",
                "create_lead",
                "arguments",
                Map.of("name", name, "email", email),
                "conversation",
                Map.of("id", conversation, "channel", "whatsapp", "excerpt", "Hi, I'd like a quote for " + name),
                "reason",
                "Customer asked for a quote");
    }

    /** Proposes {@link #proposal} as {@code as}; answers the id of the action, which waits for a person. */
    static String propose(Api as, String name, String email, String conversation) {
        var proposed = as.post("/api/v1/actions", proposal(name, email, conversation));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        return proposed.text("id");
    }
}
