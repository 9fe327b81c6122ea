package com.polaris.operator.policy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What every {@link Condition} sees: the action's arguments ({@code args}, a JSON object), the
 * conversation it came from, who requested it, the tool's name and the time of the decision.
 *
 * @param args the action's arguments; {@code null} or a JSON null is read as an empty object
 * @param conversation the conversation the request names, or {@code null} when it names none (the
 *     condition then sees {@code conversation} with {@code id}, {@code channel} and {@code excerpt}
 *     all null)
 */
public record ConditionInput(
        @Nullable JsonNode args,
        @Nullable Conversation conversation,
        RequestedBy requestedBy,
        String tool,
        Instant now) {

    public ConditionInput {
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new IllegalArgumentException("args must be a JSON object");
        }
    }

    /** The conversation an action came from; any part the request leaves out is null. */
    public record Conversation(
            @Nullable String id,
            @Nullable String channel,
            @Nullable String excerpt) {}

    /**
     * Who asked for the action: {@code type} as in an action's {@code requestedBy} ({@code member},
     * {@code api_key} …), and {@code role} the member's role ({@code owner}, {@code admin},
     * {@code reviewer}, {@code viewer}), null for a requester that is not a member.
     */
    public record RequestedBy(
            String type,
            String id,
            @Nullable String name,
            @Nullable String role) {}
}
