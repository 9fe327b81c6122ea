package com.polaris.operator.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Calls another system's HTTP API (a messaging provider, say) the way webhooks go out: through
 * {@link WebhookClient}, so the SSRF guard, {@code POLARIS_WEBHOOKS_TRUSTED_CERTS}, the timeouts, no
 * redirects and the response cap apply alike. HTTPS, or plain HTTP only to an address in {@code
 * POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS} (a stub or a server on the local network). The caller reads
 * the answer's status and body itself; a call that got no answer says whether it may have arrived.
 * Messages never carry a header value, so a bearer token never reaches an error.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class OutgoingCalls {

    private final WebhookClient client;
    private final SignedPosts posts;

    /** What became of one call. */
    public sealed interface Call {

        /**
         * The other side answered with {@code status}; {@code body} is its answer, cut at the response
         * cap ({@code complete} false when it went on beyond it).
         */
        record Answered(int status, String body, Duration retryAfter, boolean complete) implements Call {}

        /**
         * No answer. {@code retryable}: trying again may help; {@code uncertain}: the request may have
         * arrived and been acted on.
         */
        record Failed(String code, String message, boolean retryable, boolean uncertain) implements Call {}
    }

    /** POSTs {@code body} as JSON to {@code url} with {@code headers}, within the configured read timeout. */
    public Call post(URI url, Map<String, String> headers, byte[] body) {
        return post(url, headers, body, null);
    }

    /** {@link #post(URI, Map, byte[])} waiting at most {@code timeout} for the answer (null: the configured one). */
    public Call post(URI url, Map<String, String> headers, byte[] body, @Nullable Duration timeout) {
        var all = new LinkedHashMap<>(headers);
        all.put("User-Agent", "Polaris-Operator/1");
        return switch (client.post(url, all, body, true, timeout)) {
            case WebhookClient.Outcome.Answered answered ->
                new Call.Answered(
                        answered.status(),
                        answered.body(),
                        posts.retryAfter(answered.retryAfter()),
                        answered.complete());
            case WebhookClient.Outcome.Refused refused ->
                new Call.Failed("address_refused", refused.reason(), false, false);
            case WebhookClient.Outcome.NotSent notSent ->
                new Call.Failed("not_delivered", notSent.reason(), true, false);
            case WebhookClient.Outcome.Unanswered unanswered ->
                new Call.Failed("timeout", unanswered.reason(), true, true);
        };
    }

    /**
     * Why {@code url} may not be called, or null: an absolute {@code https} URL with a host, no
     * credentials, query or fragment; plain {@code http} only when the host's every address is in an
     * allowed private range. Addresses are checked again when a call is made.
     */
    public @Nullable String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an https URL (or http to an address in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS)";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials (they come from a secret)";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not contain a query or a fragment";
        }
        if (scheme.equals("http") && client.plainRefusal(uri.getHost()) != null) {
            return "must be an https URL (plain http only to an address in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS)";
        }
        return null;
    }
}
