package com.polaris.operator.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where a message was written. */
public enum MessageChannel {
    WEB_WIDGET("web_widget"),
    WHATSAPP("whatsapp"),
    EMAIL("email"),
    OTHER("other");

    private final String wire;

    MessageChannel(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<MessageChannel> of(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }
}
