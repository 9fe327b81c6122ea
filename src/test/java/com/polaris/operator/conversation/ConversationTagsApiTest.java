package com.polaris.operator.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ConversationTagsApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    @Test
    void aConversationShowsEveryTagItWasGiven() {
        tools.run(
                tenant().id(),
                "tag_conversation",
                "{\"conversationId\": \"conv_1\", \"tags\": [\"vip\", \"quote\"]}",
                "conv_1");
        tools.run(
                tenant().id(),
                "tag_conversation",
                "{\"conversationId\": \"conv_1\", \"tags\": [\"vip\", \"es\"]}",
                "conv_1");

        var answer = agent().get("/api/v1/conversations/conv_1/tags");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text("conversationId")).isEqualTo("conv_1");
        assertThat(answer.body().path("tags").valueStream().map(t -> t.asString()))
                .containsExactly("es", "quote", "vip");
    }

    @Test
    void aConversationTaggedOnlyByAnotherWorkspaceIs404() {
        var theirs = newWorkspace();
        tools.run(
                tenant().id(), "tag_conversation", "{\"conversationId\": \"conv_shared\", \"tags\": [\"vip\"]}", null);

        var answer = theirs.owner().get("/api/v1/conversations/conv_shared/tags");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tenant().owner()
                        .get("/api/v1/conversations/conv_shared/tags")
                        .status())
                .isEqualTo(200);
    }
}
