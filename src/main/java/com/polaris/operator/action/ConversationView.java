package com.polaris.operator.action;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.Conversations.Message;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A conversation with the actions that name it: the messages come from the conversation module, the
 * actions from this one, which is why the answer is put together here.
 */
@RestController
@Tag(name = "Conversations")
@RequiredArgsConstructor
class ConversationView {

    /** How many of the conversation's latest actions the answer lists; the actions list pages through all. */
    static final int ACTIONS_SHOWN = 50;

    private final Conversations conversations;
    private final ActionService actions;

    record Answer(
            String id,
            String channel,
            Instant createdAt,
            Instant lastMessageAt,
            List<Message> messages,
            @Nullable String nextCursor,
            List<ActionView> actions) {}

    @GetMapping("/api/v1/conversations/{conversationId}")
    @Operation(summary = "A conversation: its messages and actions", description = """
                    {"id", "channel", "createdAt", "lastMessageAt", "messages": [latest first, paged by \
                    ?cursor= and ?limit= (50, at most 200)], "nextCursor" (of the messages), "actions": [the \
                    latest 50 actions that name the conversation, newest first; GET \
                    /api/v1/actions?conversationId= lists them all]}. A conversation that has no messages in \
                    this workspace (never had, or erased) is 404.""")
    @ProblemAnswers({ProblemType.NOT_FOUND, ProblemType.BAD_PARAMETER})
    @ApiExamples(response = """
            {"id": "wa:+31612345678", "channel": "whatsapp", "createdAt": "2026-12-03T09:15:00Z",
             "lastMessageAt": "2026-12-03T09:16:10Z",
             "messages": [{"id": "msg_01jdqc2v4x6z8b0d2f4h6k8m0p", "conversationId": "wa:+31612345678", "role": "customer",
               "text": "Friday at 8pm, four people", "channel": "whatsapp", "at": "2026-12-03T09:16:09Z",
               "externalId": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdF", "createdAt": "2026-12-03T09:16:10Z"}],
             "nextCursor": null,
             "actions": []}""")
    Answer conversation(@AuthenticationPrincipal Caller caller, @PathVariable String conversationId, PageRequest page) {
        var conversation = conversations
                .find(caller.workspaceId(), conversationId)
                .orElseThrow(() -> ApiProblem.notFound("Conversation " + conversationId));
        Page<Message> messages = conversations.messages(caller.workspaceId(), conversationId, page);
        Page<ActionView> named = actions.recent(
                caller.workspaceId(), ActionFilter.conversation(conversationId), new PageRequest(null, ACTIONS_SHOWN));
        return new Answer(
                conversation.id(),
                conversation.channel(),
                conversation.createdAt(),
                conversation.lastMessageAt(),
                messages.items(),
                messages.nextCursor(),
                named.items());
    }
}
