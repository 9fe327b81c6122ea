package com.polaris.operator.conversation;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Conversations over the API: chatbots and members hand messages in, owners and admins erase a
 * conversation or set how long messages are kept. Every member and integration key of the workspace
 * may read a conversation; another workspace's conversation with the same id is a different one.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Conversations", description = "What Polaris knows of a conversation: its messages and tags.")
@RequiredArgsConstructor
class ConversationController {

    private final ConversationTags tags;
    private final Conversations conversations;
    private final ConversationRetention retention;

    record TagsAnswer(String conversationId, List<String> tags) {}

    @GetMapping("/conversations/{conversationId}/tags")
    @Operation(summary = "A conversation's tags", description = """
                    The tags tag_conversation gave the conversation in this workspace; a conversation the \
                    workspace never tagged is 404, whatever another workspace did with the same id.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"conversationId": "conv_81", "tags": ["quote", "vip"]}""")
    TagsAnswer tags(@AuthenticationPrincipal Caller caller, @PathVariable String conversationId) {
        List<String> found = tags.tags(caller.workspaceId(), conversationId);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("Conversation " + conversationId);
        }
        return new TagsAnswer(conversationId, found);
    }

    @PostMapping("/conversations/{conversationId}/messages")
    @Operation(summary = "Hand a message in to a conversation (integration keys, members)", description = """
                    {"role": "customer" | "bot" | "agent", "text" (1–4,096 characters), "channel": \
                    "web_widget" | "whatsapp" | "email" | "other" (default other), "at" (when it was \
                    written; default now), "externalId" (the channel's own id, up to 200 characters)}. The \
                    first message opens the conversation (its channel is the conversation's). Answers 201 with \
                    the stored message; a message whose externalId the conversation already has is not stored \
                    again: 200 with the stored one. A new customer message makes the operator prepare from the \
                    conversation when autoPrepare is on.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.VALIDATION_FAILED})
    @ApiExamples(request = """
            {"role": "customer", "text": "Hi, can I book a table for four on Friday at 8pm?", "channel": "whatsapp",
             "at": "2026-12-03T09:14:58Z", "externalId": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdF"}""", response = """
            {"id": "msg_01jdqc2v4x6z8b0d2f4h6k8m0p", "conversationId": "conv_81", "role": "customer",
             "text": "Hi, can I book a table for four on Friday at 8pm?", "channel": "whatsapp",
             "at": "2026-12-03T09:14:58Z", "externalId": "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdF",
             "createdAt": "2026-12-03T09:15:00Z"}""")
    ResponseEntity<Conversations.Message> add(
            @AuthenticationPrincipal Caller caller, @PathVariable String conversationId, @RequestBody JsonNode body) {
        NewMessage.checkConversationId(conversationId);
        var added = conversations.add(caller.workspaceId(), conversationId, NewMessage.parse(body));
        return ResponseEntity.status(added.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(added.message());
    }

    @DeleteMapping("/conversations/{conversationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Erase a conversation (owners, admins)", description = """
                    Erases the conversation and every message of it, at once. Actions that named the \
                    conversation keep their own excerpt and arguments. The audit records the erasure \
                    (conversation.erased) with the number of messages erased, never their text.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void erase(@AuthenticationPrincipal Caller caller, @PathVariable String conversationId) {
        caller.requireConfigurer();
        conversations.erase(caller.workspaceId(), conversationId, caller.actor());
    }

    @GetMapping("/settings/retention")
    @Operation(summary = "How long conversation messages are kept (members)", description = """
                    {"conversationDays"}: messages stored longer ago than this are erased (checked hourly); \
                    90 days until an owner or admin sets it.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"conversationDays": 90}""")
    ConversationRetention.Retention retention(@AuthenticationPrincipal Caller caller) {
        return retention.get(caller);
    }

    @PutMapping("/settings/retention")
    @Operation(summary = "Set how long conversation messages are kept (owners, admins)", description = """
                    {"conversationDays": 1–3650}. Messages older than that, and conversations left without \
                    messages, are erased by the next hourly check on any node; each erasure is audited \
                    (conversation.messages_expired) with counts only.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.VALIDATION_FAILED})
    @ApiExamples(request = """
            {"conversationDays": 30}""", response = """
            {"conversationDays": 30}""")
    ConversationRetention.Retention setRetention(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return retention.set(caller, body);
    }
}
