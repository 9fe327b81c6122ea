package com.polaris.operator.conversation;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/** Who wrote a message: the customer, the business's chatbot, or a person of the business. */
public enum MessageRole implements WireName {
    CUSTOMER,
    BOT,
    AGENT;

    public static Optional<MessageRole> of(String wire) {
        return WireName.parse(MessageRole.class, wire);
    }
}
