package com.polaris.operator.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates webhook receivers are checked against: the JDK's trust store, plus the CA
 * certificates of {@code POLARIS_WEBHOOKS_TRUSTED_CERTS} (a PEM file) when set. Certificate and host
 * name checks stay on either way.
 */
final class WebhookTrust {

    private WebhookTrust() {}

    static SSLContext context(String trustedCertsFile) throws GeneralSecurityException, IOException {
        List<X509TrustManager> managers = new ArrayList<>();
        managers.add(trustManager(null));
        if (!trustedCertsFile.isBlank()) {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            try (InputStream in = Files.newInputStream(Path.of(trustedCertsFile))) {
                int n = 0;
                for (var cert : factory.generateCertificates(in)) {
                    extra.setCertificateEntry("trusted-" + n++, cert);
                }
            }
            managers.add(trustManager(extra));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new AnyOf(managers)}, null);
        return context;
    }

    private static X509TrustManager trustManager(@org.jspecify.annotations.Nullable KeyStore store)
            throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** Trusts a server chain that any one of the trust managers trusts. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Webhook deliveries do not accept client connections");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last == null ? new CertificateException("No trust manager") : last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream()
                    .flatMap(m -> Arrays.stream(m.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
