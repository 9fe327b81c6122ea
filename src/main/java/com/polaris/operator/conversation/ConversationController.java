package com.polaris.operator.conversation;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading a conversation's tags: every member and integration key of the workspace may. A conversation
 * the workspace never tagged answers 404, whatever another workspace did with the same id.
 */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "What Polaris knows of a conversation.")
class ConversationController {

    private final ConversationTags tags;

    ConversationController(ConversationTags tags) {
        this.tags = tags;
    }

    record TagsAnswer(String conversationId, List<String> tags) {}

    @GetMapping("/{conversationId}/tags")
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
}
