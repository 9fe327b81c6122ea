package com.polaris.operator.conversation;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/** Where a message was written. */
public enum MessageChannel implements WireName {
    WEB_WIDGET,
    WHATSAPP,
    EMAIL,
    OTHER;

    public static Optional<MessageChannel> of(String wire) {
        return WireName.parse(MessageChannel.class, wire);
    }
}
