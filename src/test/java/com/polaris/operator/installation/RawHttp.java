package com.polaris.operator.installation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, for requests that a browser or {@code java.net.http} would not
 * send: a {@code Host} header that is not the address the request went to, forwarded-host headers.
 */
final class RawHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    private RawHttp() {}

    /** An answer as it came over the wire, headers and body together in {@code text}. */
    record Answer(int status, Map<String, List<String>> headers, String text) {

        @Nullable
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        @Nullable
        String session() {
            for (String cookie : headers.getOrDefault("set-cookie", List.of())) {
                Matcher m = SESSION.matcher(cookie);
                if (m.find()) {
                    return m.group(1);
                }
            }
            return null;
        }

        String csrf() {
            Matcher m = CSRF.matcher(text);
            if (!m.find()) {
                throw new AssertionError("No CSRF token in " + text);
            }
            return m.group(1);
        }
    }

    static Answer send(int port, String method, String target, Map<String, String> headers, String body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            var request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            request.append("Connection: close\r\n");
            if (content.length > 0 || !method.equals("GET")) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return parse(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, text);
    }
}
