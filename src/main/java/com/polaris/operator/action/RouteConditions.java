package com.polaris.operator.action;

import com.polaris.operator.identity.Caller;
import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.Route;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What a policy's conditions ({@code routes[].when}, {@code approvalWhen}) see of an action: its arguments, conversation, requester, tool and the time. */
final class RouteConditions {

    private RouteConditions() {}

    /** Whether the route's condition holds; throws {@code ConditionFailed} when it cannot be evaluated. */
    static boolean holds(Route route, ActionRecord action, @Nullable String requesterRole, Instant now) {
        return Condition.compile(route.when()).test(input(action, requesterRole, now));
    }

    static ConditionInput input(ActionRecord action, @Nullable String requesterRole, Instant now) {
        return input(
                action.arguments(),
                action.conversation(),
                new ConditionInput.RequestedBy(
                        action.requestedByType(), action.requestedById(), action.requestedByName(), requesterRole),
                action.tool(),
                now);
    }

    /** What a condition sees of a proposal: the same, before there is an action. */
    static ConditionInput input(
            JsonNode arguments,
            @Nullable JsonNode conversation,
            ConditionInput.RequestedBy requestedBy,
            String tool,
            Instant now) {
        var shown = conversation == null || conversation.isNull() || !conversation.isObject()
                ? null
                : new ConditionInput.Conversation(
                        text(conversation, "id"), text(conversation, "channel"), text(conversation, "excerpt"));
        return new ConditionInput(arguments, shown, requestedBy, tool, now);
    }

    /** Who asks, as a condition sees them. */
    static ConditionInput.RequestedBy requestedBy(Caller caller) {
        return new ConditionInput.RequestedBy(
                caller.type().wire(),
                caller.id(),
                caller.name(),
                caller.role() == null ? null : caller.role().wire());
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
