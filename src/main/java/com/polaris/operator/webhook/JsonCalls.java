package com.polaris.operator.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * JSON requests whose answer the caller reads (the operator's model), made with the same machinery as
 * webhooks: every resolved address checked by the SSRF guard and the connection made to a checked one,
 * {@code POLARIS_WEBHOOKS_TRUSTED_CERTS}, no proxy, no redirects, no automatic retries, a timeout, and
 * at most {@code max-response-bytes} of the answer read. Plain {@code http://} is allowed only to
 * addresses inside {@code POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS} (a model server on the local network):
 * its own resolver refuses any other address, so a credential never leaves in clear text for the
 * internet, even if a name is re-pointed after it was checked.
 */
@Component
public class JsonCalls implements DisposableBean {

    private final CloseableHttpClient https;
    private final CloseableHttpClient plain;
    private final HostResolver resolver;
    private final List<Cidr> allowed;
    private final int maxResponseBytes;

    JsonCalls(HostResolver resolver, WebhookSettings settings) throws GeneralSecurityException, IOException {
        this.resolver = resolver;
        this.allowed = settings.allowedPrivateCidrs().stream()
                .filter(c -> !c.isBlank())
                .map(Cidr::parse)
                .toList();
        this.maxResponseBytes = settings.maxResponseBytes();
        var guard = new GuardedDnsResolver(resolver, AddressPolicy.allowing(settings.allowedPrivateCidrs()));
        this.https = client(guard, settings);
        this.plain = client(
                new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        return resolveAllowedOnly(host);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host;
                    }
                },
                settings);
    }

    /** What became of a call. */
    public sealed interface Answer {

        /** The server answered {@code status} with {@code body} (at most the response cap). */
        record Received(int status, byte[] body) implements Answer {}

        /** The server answered with more than {@code limit} bytes; the rest was not read. */
        record TooLarge(int status, int limit) implements Answer {}

        /**
         * No answer: {@code code} is {@code address_refused}, {@code not_sent} or {@code timeout};
         * {@code message} says what happened and never carries a header value.
         */
        record Failed(String code, String message) implements Answer {}
    }

    /**
     * Why {@code url} may not be called, or null: an absolute {@code https} URL with a host, no
     * credentials, query or fragment; or plain {@code http} to a host whose every address lies in the
     * allowed private ranges. The addresses of an https host are checked on every call, as for webhooks.
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
            return "must be an https URL (or http to an allowed private address)";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials (the API key comes from a secret)";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not contain a query or a fragment";
        }
        if (scheme.equals("http")) {
            try {
                resolveAllowedOnly(uri.getHost());
            } catch (UnknownHostException e) {
                return "may use plain http only to an address in POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS ("
                        + e.getMessage() + ")";
            }
        }
        return null;
    }

    /** Posts {@code body} as JSON to {@code url} and reads the answer, all within {@code timeout}. */
    public Answer post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        CloseableHttpClient http = switch (scheme) {
            case "https" -> https;
            case "http" -> plain;
            default -> null;
        };
        if (http == null) {
            return new Answer.Failed("address_refused", "Only https (or http to an allowed private address).");
        }
        var request = new HttpPost(url);
        headers.forEach(request::addHeader);
        request.setConfig(RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            byte[] read = readCapped(response.getEntity());
            return read == null
                    ? new Answer.TooLarge(response.getCode(), maxResponseBytes)
                    : new Answer.Received(response.getCode(), read);
        } catch (GuardedDnsResolver.Refused e) {
            return new Answer.Failed("address_refused", e.getMessage());
        } catch (UnknownHostException e) {
            return new Answer.Failed("not_sent", "The host " + url.getHost() + " could not be resolved.");
        } catch (SocketTimeoutException e) {
            return new Answer.Failed("timeout", "No answer within " + timeout.toSeconds() + " seconds.");
        } catch (SSLException e) {
            return new Answer.Failed("not_sent", "The server's TLS certificate or handshake was refused.");
        } catch (IOException e) {
            return new Answer.Failed(
                    "not_sent",
                    "The connection failed or broke (" + e.getClass().getSimpleName() + ").");
        }
    }

    /** The answer's bytes, or null when it has more than the cap. */
    private byte @Nullable [] readCapped(@Nullable HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > maxResponseBytes) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private InetAddress[] resolveAllowedOnly(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = resolver.resolve(bare);
        if (addresses.isEmpty()) {
            throw new UnknownHostException("The host " + bare + " has no address.");
        }
        for (InetAddress address : addresses) {
            if (allowed.stream().noneMatch(c -> c.contains(address))) {
                throw new GuardedDnsResolver.Refused("The host " + bare + " resolves to " + address.getHostAddress()
                        + ", outside the allowed private ranges; plain http may not reach it.");
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    private static CloseableHttpClient client(DnsResolver dns, WebhookSettings settings)
            throws GeneralSecurityException, IOException {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(WebhookTrust.context(settings.trustedCerts()))
                        .buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .build())
                .setMaxConnTotal(32)
                .setMaxConnPerRoute(8)
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    @Override
    public void destroy() throws IOException {
        https.close();
        plain.close();
    }
}
