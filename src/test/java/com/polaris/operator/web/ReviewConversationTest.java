package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A reviewer sees the last messages of the conversation an action came from, as many as the tool's
 * policy says, in the approvals API and on the inbox card; an action without stored messages shows
 * its excerpt as before.
 */
class ReviewConversationTest extends PostgresApiTest {

    @Test
    void reviewersSeeTheLastMessagesThePolicyAsksForOnTheCardAndInTheApi() {
        tenant().savePolicy(
                        "create_lead", "required", "immediate", Map.of("review", Map.of("conversationMessages", 2)));
        for (var text : new String[] {"Hello", "I want a quote for 40 chairs", "My email is ana@example.com"}) {
            addMessage(agent(), "conv_44", "customer", text, "web_widget");
        }
        addMessage(agent(), "conv_45", "customer", "Another customer's words", "web_widget");
        String approvalId = acceptedApproval(agent().post(
                        "/api/v1/actions",
                        Map.of(
                                "tool", "create_lead",
                                "arguments", Map.of("name", "Ana Ruiz", "email", "ana@example.com"),
                                "conversation", Map.of("id", "conv_44", "channel", "web_widget", "excerpt", "quote"))));

        JsonNode approval =
                tenant().owner().get("/api/v1/approvals/" + approvalId).body();
        assertThat(approval.path("conversationMessages")
                        .valueStream()
                        .map(m -> m.path("text").asString()))
                .containsExactly("I want a quote for 40 chairs", "My email is ana@example.com");
        JsonNode listed =
                tenant().owner().get("/api/v1/approvals?status=pending").firstItem();
        assertThat(listed.path("conversationMessages").size()).isEqualTo(2);

        var reviewer = ConsoleClient.signInAs(port, tenant(), "reviewer", "Rita Reviewer");
        var inbox = reviewer.get("/approvals").document();
        assertThat(inbox.select("details.conversation summary").text()).isEqualTo("Conversation: the last 2 messages");
        assertThat(inbox.select("details.conversation li p").eachText())
                .containsExactly("I want a quote for 40 chairs", "My email is ana@example.com");
        assertThat(inbox.text()).doesNotContain("Another customer's words");
        assertThat(inbox.select("blockquote.excerpt")).isEmpty();

        approveAs(tenant().owner(), approvalId);
        var own = reviewer.get("/approvals/" + approvalId);
        assertThat(own.status()).as("a decided approval keeps its own page").isEqualTo(200);
        assertThat(own.document().select("h1").text()).isEqualTo("Approval");
        assertThat(own.document().select("article.approval").eachAttr("id")).containsExactly("approval-" + approvalId);
        assertThat(own.document().select("article.approval .chip").first().text())
                .isEqualTo("approved");
        assertThat(own.document().select("details.conversation li p").eachText())
                .hasSize(2);
        var stranger = ConsoleClient.signInAs(port, newWorkspace(), "admin", "Other Admin");
        assertThat(stranger.get("/approvals/" + approvalId).status())
                .as("another workspace's approval")
                .isEqualTo(404);
    }
}
