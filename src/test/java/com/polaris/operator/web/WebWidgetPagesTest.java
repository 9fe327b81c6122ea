package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web widget tab: an admin is told which line is not an origin and nothing is stored, saves the
 * origins and gets the snippet to paste, and rotates the key; a viewer sees the snippet but may not
 * change anything.
 */
class WebWidgetPagesTest extends SettingsTabTestBase {

    @Test
    void anAdminSetsTheOriginsCopiesTheSnippetAndRotatesTheKeyAndAViewerMayNot() {

        var empty = admin.settingsTab("/settings/web-widget", "Web widget");
        assertThat(empty.document().select("p.empty").text()).contains("not set up yet");
        assertThat(empty.document().select("#widget-snippet")).isEmpty();

        var invalid = admin.post(
                "/settings/web-widget", Map.of("origins", "https://shop.example.com\nhttp://shop.example.com/\n"));
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.document().select("#widget-origins-errors").text())
                .contains("Line 2 (http://shop.example.com/)");
        assertThat(invalid.document().selectFirst("#widget-origins").wholeText())
                .as("what was typed is kept")
                .contains("http://shop.example.com/");
        assertThat(tenant().owner().get("/api/v1/channels/web-widget").status())
                .as("nothing stored")
                .isEqualTo(404);

        var saved = admin.post(
                "/settings/web-widget", Map.of("origins", " https://shop.example.com \n\nhttps://www.example.com"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String key = tenant().owner().get("/api/v1/channels/web-widget").text("widgetKey");
        var page = admin.get("/settings/web-widget");
        assertThat(page.document().selectFirst("#widget-snippet").wholeText())
                .isEqualTo("<script src=\"http://localhost:8080/widget.js\" data-widget-key=\"" + key
                        + "\" defer></script>");
        assertThat(page.document().selectFirst("#widget-origins").wholeText())
                .isEqualTo("https://shop.example.com\nhttps://www.example.com");

        var seen = viewer.get("/settings/web-widget");
        assertThat(seen.document().selectFirst("#widget-snippet").wholeText()).contains(key);
        assertThat(seen.document().select("#web-widget-origins")).isEmpty();
        assertThat(viewer.post("/settings/web-widget", Map.of("origins", "https://evil.example.net"))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.post("/settings/web-widget/rotate-key", Map.of()).status())
                .isEqualTo(403);

        var rotated = admin.post("/settings/web-widget/rotate-key", Map.of());
        assertThat(rotated.status()).isEqualTo(302);
        String newKey = tenant().owner().get("/api/v1/channels/web-widget").text("widgetKey");
        assertThat(newKey).isNotEqualTo(key);
        assertThat(admin.get("/settings/web-widget").body()).contains(newKey).doesNotContain(key);
    }
}
