package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.conversation.ConversationTags;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code tag_conversation}: adds the tags a conversation does not have yet, answers
 * {@code {"conversationId","tags"}} with the conversation's whole tag set afterwards.
 */
@Component
class TagConversationExecutor extends RecordingExecutor {

    private final ConversationTags conversationTags;

    TagConversationExecutor(ConversationTags conversationTags) {
        super(BuiltInTool.TAG_CONVERSATION);
        this.conversationTags = conversationTags;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        String conversationId = arguments.required("conversationId");
        var tags = new LinkedHashSet<>(arguments.strings("tags"));
        if (tags.isEmpty()) {
            throw new Arguments.Invalid("tags must hold at least one tag");
        }
        List<String> all = conversationTags.add(run.workspaceId(), conversationId, run.actionId(), tags);
        return new ToolResult.Success(Map.of("conversationId", conversationId, "tags", all));
    }
}
