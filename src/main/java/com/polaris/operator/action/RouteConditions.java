package com.polaris.operator.action;

import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.Route;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What a route's condition sees of an action: its arguments, conversation, requester, tool and the time. */
final class RouteConditions {

    private RouteConditions() {}

    /** Whether the route's condition holds; throws {@code ConditionFailed} when it cannot be evaluated. */
    static boolean holds(Route route, ActionRecord action, @Nullable String requesterRole, Instant now) {
        return Condition.compile(route.when()).test(input(action, requesterRole, now));
    }

    static ConditionInput input(ActionRecord action, @Nullable String requesterRole, Instant now) {
        JsonNode conversation = action.conversation();
        var shown = conversation == null || conversation.isNull()
                ? null
                : new ConditionInput.Conversation(
                        text(conversation, "id"), text(conversation, "channel"), text(conversation, "excerpt"));
        return new ConditionInput(
                action.arguments(),
                shown,
                new ConditionInput.RequestedBy(
                        action.requestedByType(), action.requestedById(), action.requestedByName(), requesterRole),
                action.tool(),
                now);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
