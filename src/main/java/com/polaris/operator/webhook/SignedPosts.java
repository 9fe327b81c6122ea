package com.polaris.operator.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One signed webhook delivery, the way every outgoing webhook of the product is made: the
 * Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 * with every active secret), posted through {@link WebhookClient} (HTTPS only, the SSRF guard,
 * trusted certificates, timeouts, a response cap), and the answer read as an outcome the job queue
 * can act on: delivered, worth retrying (with the receiver's {@code Retry-After}), or refused for
 * good. Custom webhook actions, the chat webhook and event subscriptions all send through it.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class SignedPosts {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final WebhookClient client;
    private final Clock clock;

    /** What became of a delivery. */
    public sealed interface Delivery {

        /** The receiver answered 2xx. */
        record Delivered(int status) implements Delivery {}

        /**
         * It did not arrive, or was refused. {@code retryable}: trying again may help; {@code
         * uncertain}: the receiver may have acted on it; {@code retryAfter}: how long it asked us to
         * wait, or zero. {@code message} never carries a secret.
         */
        record Failed(String code, String message, boolean retryable, boolean uncertain, Duration retryAfter)
                implements Delivery {

            static Failed permanent(String code, String message) {
                return new Failed(code, message, false, false, Duration.ZERO);
            }
        }
    }

    /** The Standard Webhooks headers of {@code body}, signed with each of {@code secrets} (none: unsigned). */
    Map<String, String> signatureHeaders(String deliveryId, byte[] body, List<String> secrets) {
        long timestamp = clock.instant().getEpochSecond();
        var headers = new LinkedHashMap<String, String>();
        headers.put("webhook-id", deliveryId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        if (!secrets.isEmpty()) {
            headers.put("webhook-signature", StandardWebhooks.signature(secrets, deliveryId, timestamp, body));
        }
        return headers;
    }

    /**
     * Why {@code url} may not receive webhooks, or null: the rules of custom webhook actions' URLs
     * (absolute {@code https}, a host, no credentials, no fragment, no placeholders). Addresses are
     * checked when a delivery is sent.
     */
    public static @Nullable String urlProblem(String url) {
        return WebhookBase.urlProblem(url);
    }

    /** Signs {@code body} as the delivery {@code deliveryId} and posts it to {@code url} with {@code headers}. */
    public Delivery post(URI url, Map<String, String> headers, byte[] body, String deliveryId, List<String> secrets) {
        var all = new LinkedHashMap<>(headers);
        all.putAll(signatureHeaders(deliveryId, body, secrets));
        all.put("User-Agent", "Polaris-Operator-Webhooks/1");
        return switch (client.post(url, all, body)) {
            case WebhookClient.Outcome.Answered answered -> answered(answered);
            case WebhookClient.Outcome.Refused refused ->
                Delivery.Failed.permanent("address_refused", refused.reason());
            case WebhookClient.Outcome.NotSent notSent ->
                new Delivery.Failed("not_delivered", notSent.reason(), true, false, Duration.ZERO);
            case WebhookClient.Outcome.Unanswered unanswered ->
                new Delivery.Failed("timeout", unanswered.reason(), true, true, Duration.ZERO);
        };
    }

    private Delivery answered(WebhookClient.Outcome.Answered answered) {
        int status = answered.status();
        if (status >= 200 && status < 300) {
            return new Delivery.Delivered(status);
        }
        if (status >= 300 && status < 400) {
            return Delivery.Failed.permanent(
                    "redirect_refused",
                    "The receiver answered " + status + " (a redirect); webhooks do not follow redirects.");
        }
        if (status == 429 || status >= 500) {
            return new Delivery.Failed(
                    "receiver_unavailable",
                    "The receiver answered " + status + ".",
                    true,
                    false,
                    retryAfter(answered.retryAfter()));
        }
        return Delivery.Failed.permanent(
                status == 410 ? "gone" : "rejected", "The receiver refused the delivery with " + status + ".");
    }

    /** A {@code Retry-After} of seconds or an HTTP date, as a wait from now; zero when absent or unreadable. */
    Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
