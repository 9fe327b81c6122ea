package com.polaris.operator.notification;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Delivers the chat webhook's messages. The webhook module implements it with the machinery every
 * outgoing webhook of the product uses (Standard Webhooks signing, HTTPS only, the SSRF guard,
 * {@code POLARIS_WEBHOOKS_TRUSTED_CERTS}, timeouts, a response cap), so this module says what to
 * send and when to try again, never how it travels.
 */
public interface ChatWebhookSender {

    /** Why {@code url} may not be a chat webhook (the same rules as custom webhook actions), or null. */
    @Nullable
    String urlProblem(String url);

    /**
     * Posts {@code body} (JSON) to {@code url} as the delivery {@code deliveryId}, signed with each of
     * {@code signingSecrets}.
     */
    Outcome send(URI url, String deliveryId, byte[] body, List<String> signingSecrets);

    /** What became of a delivery. */
    sealed interface Outcome {

        /** The receiver took it (2xx). */
        record Delivered() implements Outcome {}

        /**
         * It did not arrive or was refused: {@code retryable} when trying again may help, after at
         * least {@code retryAfter}. {@code reason} names no secret.
         */
        record Failed(String reason, boolean retryable, Duration retryAfter) implements Outcome {}
    }
}
