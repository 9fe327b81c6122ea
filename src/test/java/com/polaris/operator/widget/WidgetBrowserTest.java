package com.polaris.operator.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.polaris.operator.web.BrowserTestBase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The widget in a real browser (Debian's Chromium, headless, through Playwright): a shop's page,
 * served by a small server of its own on another origin, embeds the script as a business would;
 * the visitor's message lands in the workspace's conversation. The same page on an origin the
 * widget does not allow is refused, and a visitor over the limit is told to wait.
 */
class WidgetBrowserTest extends WidgetTestBase {

    private static Playwright playwright;
    private static Browser browser;
    private static HttpServer shop;

    @Autowired
    JdbcClient jdbc;

    BrowserContext context;
    Page page;
    final List<String> pageErrors = new ArrayList<>();
    /** The widget's key, allowed on the shop's origin at 127.0.0.1. */
    String key;

    @BeforeAll
    static void launch() throws IOException {
        playwright = Playwright.create();
        browser = BrowserTestBase.chromium(playwright);
        shop = HttpServer.create(new InetSocketAddress(0), 0);
        shop.createContext("/shop", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String server = query.substring(query.indexOf("server=") + 7, query.indexOf('&'));
            String key = query.substring(query.indexOf("key=") + 4);
            byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head>"
                            + "<body><h1>Our shop</h1><p>Welcome.</p>"
                            + "<script src=\"" + server + "/widget.js\" data-widget-key=\"" + key
                            + "\" defer></script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (var body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        shop.start();
    }

    @AfterAll
    static void close() {
        if (shop != null) {
            shop.stop(0);
        }
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void setUpTheShopsWidget() {
        key = setUpWidget(tenant(), shopOrigin());
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext();
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        page.onPageError(error -> pageErrors.add(page.url() + ": " + error));
    }

    @AfterEach
    void closePage() {
        context.close();
        assertThat(pageErrors).as("errors thrown in the page").isEmpty();
    }

    /** The shop's page, at {@code host} (127.0.0.1 or localhost: two origins), embedding the widget with {@code key}. */
    String shopPage(String host, String key) {
        return "http://" + host + ":" + shop.getAddress().getPort() + "/shop?server=http://localhost:" + port + "&key="
                + key;
    }

    String shopOrigin() {
        return "http://127.0.0.1:" + shop.getAddress().getPort();
    }

    void write(String text) {
        page.getByLabel("Your message").fill(text);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"))
                .click();
    }

    /** Opens the shop's page at {@code host} (see {@link #shopPage}) and the chat on it. */
    void openChatOnTheShopAt(String host) {
        page.navigate(shopPage(host, key));
        openChat();
    }

    void openChat() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat with us"))
                .click();
    }

    @Test
    void aVisitorOnAnAllowedPageWritesAndTheMessageIsInTheConversation() {
        openChatOnTheShopAt("127.0.0.1");
        write("Do you deliver on Saturdays?");
        assertThat(page.locator(".status")).hasText("Sent. We will get back to you soon.");
        assertThat(page.locator(".log li")).hasText("Do you deliver on Saturdays?");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "web-widget.png")));

        page.reload();
        openChat();
        write("And to Bilbao?");
        assertThat(page.locator(".status")).hasText("Sent. We will get back to you soon.");

        List<String> conversations = jdbc.sql(
                        "select conversation_id from web_widget_conversations where workspace_id = ?")
                .param(tenant().id())
                .query(String.class)
                .list();
        assertThat(conversations).as("one conversation for the tab").hasSize(1);
        var conversation = tenant().owner().get("/api/v1/conversations/" + conversations.getFirst());
        assertThat(conversation.status()).isEqualTo(200);
        assertThat(conversation.text("channel")).isEqualTo("web_widget");
        assertThat(conversation
                        .body()
                        .path("messages")
                        .valueStream()
                        .map(m -> m.path("text").asString() + " ("
                                + m.path("role").asString() + ")"))
                .containsExactly("And to Bilbao? (customer)", "Do you deliver on Saturdays? (customer)");

        var script = anonymous().get("/widget.js");
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.header("Cache-Control")).contains("max-age=3600");
        assertThat(script.header("ETag")).isNotBlank();
    }

    @Test
    void aPageOnAnotherOriginIsRefused() {
        openChatOnTheShopAt("localhost");
        write("Hello from a copied page");
        assertThat(page.locator(".status")).hasText("Sorry, the chat is not available on this page right now.");
        assertThat(page.locator(".log li")).hasCount(0);
        assertThat(jdbc.sql("select count(*) from web_widget_conversations where workspace_id = ?")
                        .param(tenant().id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aVisitorOverTheLimitIsAskedToWait() {
        openChatOnTheShopAt("127.0.0.1");
        boolean limited = false;
        for (int i = 0; i < 8 && !limited; i++) {
            write("Message " + i);
            assertThat(page.locator(".status")).not().hasText("Sending…");
            limited = page.locator(".status").textContent().contains("a little fast");
        }
        assertThat(limited).as("the widget said to wait").isTrue();
        assertThat(page.locator(".status")).containsText("Please wait");
        assertThat(page.locator(".status")).containsText("seconds");
    }
}
