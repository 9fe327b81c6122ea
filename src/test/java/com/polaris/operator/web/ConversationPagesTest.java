package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conversation page and the conversations settings tab: members read the messages with the
 * actions that name them; only owners and admins erase (after a confirmation) and set the retention,
 * and an invalid retention is shown on the form with nothing changed.
 */
class ConversationPagesTest extends PostgresApiTest {

    @Test
    void membersReadAConversationAndAnAdminErasesItAfterConfirming() {
        addMessage(agent(), "wa:+31612345678", "customer", "Table for four on Friday?", "whatsapp");
        addMessage(agent(), "wa:+31612345678", "bot", "At what time?", "whatsapp");
        var lead = agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool", "create_lead",
                                "arguments", Map.of("name", "Ana Ruiz", "email", "ana@example.com"),
                                "conversation", Map.of("id", "wa:+31612345678", "channel", "whatsapp")));
        var viewer = ConsoleClient.signInAs(port, tenant(), "viewer", "Vic Viewer");
        var admin = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");

        var read = viewer.get("/conversations/wa:+31612345678");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.document().select("li.message p").eachText())
                .containsExactly("At what time?", "Table for four on Friday?");
        assertThat(read.document().select("a[href^=/actions/]").attr("href")).isEqualTo("/actions/" + lead.text("id"));
        assertThat(read.document().select("a.danger"))
                .as("a viewer is not offered the erasing")
                .isEmpty();
        assertThat(viewer.post("/conversations/wa:+31612345678/erase", Map.of()).status())
                .isEqualTo(403);
        assertThat(viewer.get("/actions/" + lead.text("id"))
                        .document()
                        .select("a[href^=/conversations/]")
                        .text())
                .isEqualTo("wa:+31612345678");

        var confirm = admin.get("/conversations/wa:+31612345678/erase");
        assertThat(confirm.document().select("#confirm-erase h2").text()).isEqualTo("Erase this conversation?");
        var erased = admin.post("/conversations/wa:+31612345678/erase", Map.of());
        assertThat(erased.status()).isEqualTo(302);
        assertThat(admin.get(erased.location()).document().select(".flash").text())
                .contains("erased with its 2 messages");
        var after = admin.get("/conversations/wa:+31612345678");
        assertThat(after.status()).as("the action still names it").isEqualTo(200);
        assertThat(after.document().select("p.empty").first().text()).contains("No messages of this conversation");
        assertThat(admin.get("/conversations/never-seen").status()).isEqualTo(404);
    }

    @Test
    void onlyOwnersAndAdminsSetTheRetentionAndMistakesAreShownOnTheForm() {
        var admin = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");
        var reviewer = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");

        assertThat(admin.get("/settings/conversations")
                        .document()
                        .select("#conversation-days")
                        .val())
                .isEqualTo("90");
        var wrong = admin.post("/settings/conversations", Map.of("conversationDays", "0"));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.document().select("#retention").text()).contains("1 to 3650");
        assertThat(tenant().owner().get("/api/v1/settings/retention").text("conversationDays"))
                .isEqualTo("90");
        var saved = admin.post("/settings/conversations", Map.of("conversationDays", "30"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(tenant().owner().get("/api/v1/settings/retention").text("conversationDays"))
                .isEqualTo("30");
        assertThat(reviewer.get("/settings/conversations")
                        .document()
                        .select("#conversation-days")
                        .hasAttr("disabled"))
                .isTrue();
        assertThat(reviewer.post("/settings/conversations", Map.of("conversationDays", "10"))
                        .status())
                .isEqualTo(403);
    }
}
