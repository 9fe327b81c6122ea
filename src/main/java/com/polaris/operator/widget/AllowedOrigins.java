package com.polaris.operator.widget;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The origins a widget may be used on, written as a browser sends them in its {@code Origin} header:
 * a scheme, a host and a port when it is not the scheme's default, nothing else. HTTPS only, but for
 * a page on this computer ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), which may use HTTP.
 */
final class AllowedOrigins {

    static final int MAX = 20;
    static final int MAX_LENGTH = 300;

    private static final String FIELD = "allowedOrigins";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private AllowedOrigins() {}

    /** The origins, each as a browser writes it; a 422 naming {@code allowedOrigins[i]} for each that is not one. */
    static List<String> read(List<?> values) {
        var errors = new ArrayList<FieldProblem>();
        if (values.isEmpty() || values.size() > MAX) {
            errors.add(new FieldProblem(FIELD, "must list 1 to " + MAX + " origins"));
        }
        var origins = new ArrayList<String>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String field = FIELD + "[" + i + "]";
            if (!(values.get(i) instanceof String text)) {
                errors.add(new FieldProblem(field, "must be a string such as https://shop.example.com"));
                continue;
            }
            String problem = problem(text);
            if (problem != null) {
                errors.add(new FieldProblem(field, problem));
            } else if (!seen.add(normalize(text))) {
                errors.add(new FieldProblem(field, "is listed twice"));
            } else {
                origins.add(normalize(text));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The allowed origins are not valid.", errors);
        }
        return List.copyOf(origins);
    }

    /** What is wrong with {@code text} as an origin, or null when it is one. */
    static @Nullable String problem(String text) {
        if (text.isBlank() || text.length() > MAX_LENGTH) {
            return "must be an origin of 1 to " + MAX_LENGTH + " characters, such as https://shop.example.com";
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "must be an origin such as https://shop.example.com";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must start with https:// (or http:// for localhost)";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.isOpaque()) {
            return "must name a host, such as https://shop.example.com";
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return "must be an origin only: scheme, host and port, without a path (not even /), query or fragment";
        }
        if (scheme.equals("http") && !LOCAL_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return "must use https:// (http:// only for localhost)";
        }
        return null;
    }

    /** {@code text}, a valid origin, as a browser sends it: lower case, without the scheme's default port. */
    static String normalize(String text) {
        URI uri = URI.create(text);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
