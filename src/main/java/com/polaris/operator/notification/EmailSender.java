package com.polaris.operator.notification;

/**
 * Sends the emails that tell members of notifications: one plain-text message to one address. The
 * email module implements it with the installation's SMTP settings, so this module composes what to
 * say and leaves how it travels to the module that sends {@code send_email}.
 */
public interface EmailSender {

    /** Whether outgoing email is configured at all; when it is not, nothing is queued for email. */
    boolean configured();

    /**
     * Sends {@code email}. Its {@code key} makes the {@code Message-ID}, so the same email sent again
     * after a crash is recognisable as the same message.
     *
     * @throws NotSent when the email did not go out
     */
    void send(Email email);

    /** A plain-text email for {@code to}, sent on behalf of the workspace {@code workspaceId}. */
    record Email(String workspaceId, String to, String subject, String body, String key) {}

    /**
     * An email that did not go out; {@code retryable} when trying again later may help (the server
     * could not be reached), not when it was refused. The message names no address or content.
     */
    final class NotSent extends RuntimeException {

        private final boolean retryable;

        public NotSent(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
