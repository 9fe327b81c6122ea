package com.polaris.operator.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one webhook request: HTTPS POST only, through {@link GuardedDnsResolver} (every address
 * checked, the connection made to a checked one), no proxy, no redirects, no automatic retries (the
 * job queue retries, keeping the delivery id), connect and read timeouts, and at most
 * {@code max-response-bytes} of the answer read. It tells a failure before the request was sent
 * from one after, because only the second may have had an effect.
 */
@Component
class WebhookClient implements DisposableBean {

    private final CloseableHttpClient http;
    private final int maxResponseBytes;
    private final HostResolver resolver;
    private final AddressPolicy addresses;

    WebhookClient(HostResolver resolver, WebhookSettings settings) throws GeneralSecurityException, IOException {
        this.maxResponseBytes = settings.maxResponseBytes();
        this.resolver = resolver;
        this.addresses = AddressPolicy.allowing(settings.allowedPrivateCidrs());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(
                        new GuardedDnsResolver(resolver, AddressPolicy.allowing(settings.allowedPrivateCidrs())))
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(WebhookTrust.context(settings.trustedCerts()))
                        .buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** What became of one request. */
    sealed interface Outcome {

        /**
         * The receiver answered; {@code retryAfter} is its {@code Retry-After} header, if any, and
         * {@code body} the start of its answer (at most {@code max-response-bytes}), read as UTF-8;
         * {@code complete} is false when the answer went on beyond that and was not read.
         */
        record Answered(int status, @Nullable String retryAfter, String body, boolean complete) implements Outcome {

            Answered(int status, @Nullable String retryAfter) {
                this(status, retryAfter, "", true);
            }
        }

        /** The host's addresses may not be reached; nothing was sent. */
        record Refused(String reason) implements Outcome {}

        /** The request was not sent (connection or TLS failure); it is safe to try again. */
        record NotSent(String reason) implements Outcome {}

        /** The request was sent but no answer came: the receiver may have acted on it. */
        record Unanswered(String reason) implements Outcome {}
    }

    Outcome post(URI url, Map<String, String> headers, byte[] body) {
        return post(url, headers, body, false);
    }

    /**
     * Posts {@code body}; with {@code plainToAllowedPrivate}, plain {@code http} is accepted too, but
     * only to a host whose every address lies in an explicitly allowed private range (a model server
     * or a stub on the local network), never to a public address.
     */
    Outcome post(URI url, Map<String, String> headers, byte[] body, boolean plainToAllowedPrivate) {
        return post(url, headers, body, plainToAllowedPrivate, null);
    }

    /**
     * {@link #post(URI, Map, byte[], boolean)} waiting at most {@code timeout} for the answer (the
     * configured read timeout when null): a model may take longer to answer than a webhook receiver.
     */
    Outcome post(
            URI url,
            Map<String, String> headers,
            byte[] body,
            boolean plainToAllowedPrivate,
            @Nullable Duration timeout) {
        if ("http".equalsIgnoreCase(url.getScheme()) && plainToAllowedPrivate) {
            String refusal = plainRefusal(url.getHost());
            if (refusal != null) {
                return new Outcome.Refused(refusal);
            }
        } else if (!"https".equalsIgnoreCase(url.getScheme())) {
            return new Outcome.Refused("Webhooks are sent over HTTPS only.");
        }
        var request = new HttpPost(url);
        headers.forEach(request::addHeader);
        if (timeout != null) {
            request.setConfig(RequestConfig.custom()
                    .setRedirectsEnabled(false)
                    .setResponseTimeout(Timeout.of(timeout))
                    .build());
        }
        var sent = new AtomicBoolean();
        request.setEntity(new SentMarkingEntity(body, sent));
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            Header retryAfter = response.getFirstHeader("Retry-After");
            var kept = new ByteArrayOutputStream();
            boolean complete = readCapped(response.getEntity(), kept);
            return new Outcome.Answered(
                    response.getCode(),
                    retryAfter == null ? null : retryAfter.getValue(),
                    kept.toString(StandardCharsets.UTF_8),
                    complete);
        } catch (GuardedDnsResolver.Refused e) {
            return new Outcome.Refused(e.getMessage());
        } catch (java.net.UnknownHostException e) {
            return new Outcome.NotSent("The host " + url.getHost() + " could not be resolved.");
        } catch (SocketTimeoutException e) {
            return sent.get()
                    ? new Outcome.Unanswered(
                            "The receiver did not answer within the read timeout after the request was sent.")
                    : new Outcome.NotSent("The receiver could not be reached within the connect timeout.");
        } catch (SSLException e) {
            return sent.get()
                    ? new Outcome.Unanswered("The TLS connection broke after the request was sent.")
                    : new Outcome.NotSent("The receiver's TLS certificate or handshake was refused.");
        } catch (IOException e) {
            return sent.get()
                    ? new Outcome.Unanswered("The connection broke after the request was sent.")
                    : new Outcome.NotSent(
                            "The receiver could not be reached (" + e.getClass().getSimpleName() + ").");
        }
    }

    /** Why plain HTTP may not go to {@code host}, or null: every address must be in an allowed range. */
    @Nullable
    String plainRefusal(@Nullable String host) {
        if (host == null || host.isBlank()) {
            return "The URL names no host.";
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> found;
        try {
            found = resolver.resolve(bare);
        } catch (java.net.UnknownHostException e) {
            return "The host " + bare + " could not be resolved.";
        }
        if (found.isEmpty() || !found.stream().allMatch(addresses::explicitlyAllowed)) {
            return "Plain http is sent only to addresses in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS; " + bare
                    + " is not one. Use https.";
        }
        return null;
    }

    /** Reads at most {@code max-response-bytes} of the answer into {@code kept}; false when there was more. */
    private boolean readCapped(@Nullable HttpEntity entity, ByteArrayOutputStream kept) throws IOException {
        if (entity == null) {
            return true;
        }
        try (InputStream in = entity.getContent()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while (total < maxResponseBytes
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxResponseBytes - total))) > 0) {
                total += n;
                kept.write(buffer, 0, n);
            }
            return total < maxResponseBytes || in.read() < 0;
        }
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }

    /** A JSON body that notes when it has been written out completely. */
    private static final class SentMarkingEntity extends HttpEntityWrapper {

        private final AtomicBoolean sent;

        SentMarkingEntity(byte[] body, AtomicBoolean sent) {
            super(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            this.sent = sent;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            super.writeTo(out);
            out.flush();
            sent.set(true);
        }
    }
}
