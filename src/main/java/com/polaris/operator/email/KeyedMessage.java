package com.polaris.operator.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message that keeps the Message-ID it was given (derived from what it is about) instead of the
 * random one Jakarta Mail would generate on save, so a retried send is recognisable as the same message.
 */
final class KeyedMessage extends MimeMessage {

    private final String messageId;

    KeyedMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
