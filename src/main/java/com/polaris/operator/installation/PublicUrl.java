package com.polaris.operator.installation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The address users reach this installation at ({@code polaris.public-url}, {@code
 * POLARIS_PUBLIC_URL}): the base of every absolute link Polaris gives out, such as the OpenAPI
 * document's server. A request's {@code Host} and {@code X-Forwarded-Host} headers say whatever
 * its sender wrote, so no link and no redirect is ever built from them; redirects are paths on
 * this site.
 */
@Component
public final class PublicUrl {

    private final String base;

    PublicUrl(@Value("${polaris.public-url}") String configured) {
        this.base = parse(configured);
    }

    /** The public address without a trailing slash, e.g. {@code https://polaris.example.com}. */
    public String base() {
        return base;
    }

    /** An absolute link to {@code path} (which starts with a slash) on this installation. */
    public String link(String path) {
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("A link needs a path on this site, not " + path);
        }
        return base + path;
    }

    private static String parse(String configured) {
        URI uri;
        try {
            uri = new URI(configured.trim());
        } catch (URISyntaxException e) {
            throw invalid(configured);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid(configured);
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static IllegalStateException invalid(String configured) {
        return new IllegalStateException("POLARIS_PUBLIC_URL must be an http(s) address such as"
                + " https://polaris.example.com (a path is allowed; no query, fragment or user), not '" + configured
                + "'");
    }
}
