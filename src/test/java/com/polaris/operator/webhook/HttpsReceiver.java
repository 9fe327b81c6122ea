package com.polaris.operator.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTPS webhook receiver on 127.0.0.1 with a self-signed certificate (for {@code localhost},
 * {@code hooks.example.test} and {@code 127.0.0.1}). It records every delivery and answers from a
 * script of replies (then 200), and checks signatures the way a Standard Webhooks receiver does.
 */
public final class HttpsReceiver implements AutoCloseable {

    public static final Path CERTIFICATE = Path.of("src/test/resources/webhooks/receiver.pem");

    /** One delivery as the receiver saw it; header names in lower case. */
    public record Delivery(String method, String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** The body, read as JSON. */
        public JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }
    }

    /** How to answer one delivery: a status, extra headers, and how long to wait first. */
    public record Reply(int status, Map<String, String> headers, long delayMillis) {

        public static Reply status(int status) {
            return new Reply(status, Map.of(), 0);
        }

        public static Reply slow(long delayMillis) {
            return new Reply(200, Map.of(), delayMillis);
        }
    }

    private final HttpsServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Reply>> scripts = new java.util.concurrent.ConcurrentHashMap<>();

    /** A new receiver, listening; for field initializers, which may not throw checked exceptions. */
    public static HttpsReceiver start() {
        try {
            return new HttpsReceiver();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpsReceiver() throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(
                            e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                            e -> String.join(",", e.getValue()),
                            (a, b) -> a));
            deliveries.add(new Delivery(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    headers,
                    new String(body, StandardCharsets.UTF_8)));
            Reply reply = script(exchange.getRequestURI().getPath()).poll();
            if (reply == null) {
                reply = Reply.status(200);
            }
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            try {
                exchange.sendResponseHeaders(reply.status(), -1);
            } catch (IOException gone) {
                // the client gave up waiting; nothing more to answer
            }
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String host, String path) {
        return "https://" + host + ":" + port() + path;
    }

    /** The next answers to deliveries on {@code path}; after them, 200. */
    public HttpsReceiver then(String path, Reply... replies) {
        script(path).addAll(List.of(replies));
        return this;
    }

    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public List<Delivery> deliveries(String path) {
        return deliveries.stream().filter(d -> d.path().equals(path)).toList();
    }

    private ConcurrentLinkedQueue<Reply> script(String path) {
        return scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
    }

    /**
     * Whether the delivery's {@code webhook-signature} holds a {@code v1} signature made with
     * {@code signingSecret} over {@code id.timestamp.body} — the Standard Webhooks check.
     */
    public static boolean verifies(Delivery delivery, String signingSecret) throws Exception {
        String signed =
                delivery.header("webhook-id") + "." + delivery.header("webhook-timestamp") + "." + delivery.body();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                Base64.getDecoder().decode(signingSecret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        String header = delivery.header("webhook-signature");
        if (header == null) {
            return false;
        }
        for (String part : header.split(" ")) {
            if (part.startsWith("v1,")
                    && java.security.MessageDigest.isEqual(
                            part.substring(3).getBytes(StandardCharsets.UTF_8),
                            expected.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static SSLContext sslContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = HttpsReceiver.class.getResourceAsStream("/webhooks/receiver.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
