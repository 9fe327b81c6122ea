package com.polaris.operator.action;

import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.Conversations.Message;
import com.polaris.operator.policy.Policies;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The recent messages a reviewer sees with an approval: the last {@code review.conversationMessages}
 * of the tool's policy (10 unless set) from the action's conversation, oldest first. An action without
 * a conversation, or whose conversation has no stored messages (never handed in, or erased), shows
 * none. A page of approvals reads all of its messages in one query.
 */
@Component
@RequiredArgsConstructor
class ReviewMessages {

    private final Conversations conversations;
    private final Policies policies;

    List<Message> of(String workspaceId, ActionView action) {
        return of(workspaceId, List.of(action)).getOrDefault(action.id(), List.of());
    }

    /** The messages of each action that has any, by action id. */
    Map<String, List<Message>> of(String workspaceId, Collection<ActionView> actions) {
        var wanted = new HashMap<String, Integer>();
        int most = 0;
        for (ActionView action : actions) {
            String conversationId = conversationId(action.conversation());
            if (conversationId != null) {
                int count = policies.current(workspaceId, action.tool())
                        .policy()
                        .review()
                        .conversationMessages();
                wanted.put(action.id(), count);
                most = Math.max(most, count);
            }
        }
        if (wanted.isEmpty() || most == 0) {
            return Map.of();
        }
        var ids = actions.stream()
                .filter(a -> wanted.containsKey(a.id()))
                .map(a -> conversationId(a.conversation()))
                .toList();
        var recent = conversations.recent(workspaceId, ids, most);
        var byAction = new HashMap<String, List<Message>>();
        for (ActionView action : actions) {
            Integer count = wanted.get(action.id());
            List<Message> messages = count == null ? null : recent.get(conversationId(action.conversation()));
            if (messages != null && count > 0) {
                byAction.put(action.id(), messages.subList(Math.max(0, messages.size() - count), messages.size()));
            }
        }
        return byAction;
    }

    private static @Nullable String conversationId(@Nullable JsonNode conversation) {
        return conversation != null && conversation.hasNonNull("id")
                ? conversation.get("id").asString()
                : null;
    }
}
