package com.polaris.operator.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Who wrote a message: the customer, the business's chatbot, or a person of the business. */
public enum MessageRole {
    CUSTOMER("customer"),
    BOT("bot"),
    AGENT("agent");

    private final String wire;

    MessageRole(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<MessageRole> of(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
    }
}
