package com.polaris.operator.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser's cookies: kept from every answer's {@code Set-Cookie} headers and sent back with every request. */
final class CookieJar {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Adds the {@code Cookie} header with every cookie kept so far, when there is one. */
    void sendWith(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
    }

    /** Keeps the cookies {@code response} sets, replacing those of the same name. */
    void keepFrom(HttpResponse<?> response) {
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    /** The value of the cookie {@code name}; empty when none was set. */
    String get(String name) {
        return cookies.getOrDefault(name, "");
    }
}
