package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The WhatsApp tab: an admin connects WhatsApp (problems shown beside their fields, the verify token
 * never put back in the page), sees the inbound URL to paste into the WhatsApp app, and disconnects
 * after a confirmation; a viewer sees none of it and may not post.
 */
class WhatsAppPageTest extends SettingsTabTestBase {

    private static final String VERIFY_TOKEN = "console-verify-token-Zq9";

    @Test
    void anAdminConnectsSeesTheInboundUrlAndDisconnectsAndAViewerMayNot() {
        tenant().saveSecret("wa_token", "EAAG-console-token");
        tenant().saveSecret("wa_app_secret", "console-app-secret");

        var empty = admin.settingsTab("/settings/whatsapp", "WhatsApp");
        assertThat(empty.document().select("p.empty").text()).isEqualTo("WhatsApp is not connected yet.");
        assertThat(empty.body()).contains("wa_token", "wa_app_secret");

        var refused = admin.post(
                "/settings/whatsapp",
                Map.of(
                        "phoneNumberId", "106540352242922",
                        "accessTokenSecret", "no_such_secret",
                        "appSecretSecret", "wa_app_secret",
                        "verifyToken", VERIFY_TOKEN));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.document().select("#wa-access-token-secret-errors").text())
                .contains("names no secret of this workspace");
        assertThat(refused.document().select("#wa-phone-number-id").val()).isEqualTo("106540352242922");
        assertThat(refused.body()).doesNotContain(VERIFY_TOKEN);
        assertThat(tenant().owner().get("/api/v1/channels/whatsapp").status())
                .as("nothing saved")
                .isEqualTo(404);

        var saved = admin.post(
                "/settings/whatsapp",
                Map.of(
                        "phoneNumberId", "106540352242922",
                        "accessTokenSecret", "wa_token",
                        "appSecretSecret", "wa_app_secret",
                        "verifyToken", VERIFY_TOKEN,
                        "apiBaseUrl", ""));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var channel = tenant().owner().get("/api/v1/channels/whatsapp");
        assertThat(channel.status()).isEqualTo(200);
        assertThat(channel.text("apiBaseUrl")).isEqualTo("https://graph.facebook.com/v21.0");
        var shown = admin.get("/settings/whatsapp");
        assertThat(shown.body()).contains("WhatsApp is connected").doesNotContain(VERIFY_TOKEN);
        assertThat(shown.document().select("#inbound-url").val()).isEqualTo(channel.text("inboundUrl"));
        assertThat(shown.document().select("#whatsapp-connected").text()).contains("Zq9", "106540352242922");

        var kept = admin.post(
                "/settings/whatsapp",
                Map.of(
                        "phoneNumberId", "106540352242923",
                        "accessTokenSecret", "wa_token",
                        "appSecretSecret", "wa_app_secret",
                        "verifyToken", ""));
        assertThat(kept.status()).isEqualTo(302);
        assertThat(admin.get("/settings/whatsapp").body()).contains("WhatsApp is connected");
        var changed = tenant().owner().get("/api/v1/channels/whatsapp");
        assertThat(changed.text("phoneNumberId")).isEqualTo("106540352242923");
        assertThat(changed.text("verifyTokenEnding"))
                .as("an empty verify token keeps the one set")
                .isEqualTo("-Zq9");

        assertThat(viewer.get("/settings/whatsapp").body())
                .contains("Only owners and admins see and change the WhatsApp channel.")
                .doesNotContain("106540352242923");
        assertThat(viewer.post("/settings/whatsapp", Map.of("phoneNumberId", "1"))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.post("/settings/whatsapp/disconnect", Map.of()).status())
                .isEqualTo(403);

        var confirm = admin.get("/settings/whatsapp/disconnect");
        assertThat(confirm.document().select("#confirm-disconnect").text()).contains("Disconnect WhatsApp?");
        var removed = admin.post("/settings/whatsapp/disconnect", Map.of());
        assertThat(removed.status()).isEqualTo(302);
        assertThat(tenant().owner().get("/api/v1/channels/whatsapp").status()).isEqualTo(404);
        assertThat(admin.get("/settings/whatsapp").body()).contains("WhatsApp disconnected");
    }
}
