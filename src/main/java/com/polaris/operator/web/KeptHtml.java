package com.polaris.operator.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Console HTML rendered once and kept a while for what it shows ({@code K}, a value that holds all of
 * it): an inbox card, the header. It is kept as the pieces between the places its template marks for
 * the session's CSRF field, so each showing joins them around this request's own field. The mark is
 * markup of the template's own, which no escaped text can be, and what is kept holds no secret of
 * anyone's.
 */
final class KeptHtml<K> {

    /** Where a kept form takes the CSRF field. */
    private static final String CSRF_FIELD = "<csrf-token></csrf-token>";

    private final ITemplateEngine templates;
    private final String template;
    private final Set<String> fragment;
    private final Cache<K, String[]> kept;

    /** Keeps up to {@code size} renderings of {@code fragment} of {@code template}, each for ten minutes after its last showing. */
    KeptHtml(ITemplateEngine templates, String template, String fragment, int size) {
        this.templates = templates;
        this.template = template;
        this.fragment = Set.of(fragment);
        this.kept = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterAccess(Duration.ofMinutes(10))
                .build();
    }

    /** The pieces of what {@code shown} shows, rendered with its {@code variables} when not kept yet. */
    String[] get(K shown, Function<K, Map<String, @Nullable Object>> variables) {
        return kept.get(shown, s -> render(variables.apply(s)));
    }

    /**
     * The pieces of what {@code shown} shows: kept when {@code keep} says it is the same on every
     * showing, else rendered with its {@code variables} for this showing only (a form that came back
     * with errors or typed text).
     */
    String[] get(K shown, boolean keep, Function<K, Map<String, @Nullable Object>> variables) {
        return keep ? get(shown, variables) : render(variables.apply(shown));
    }

    /** The pieces rendered with {@code variables} for this showing only. */
    private String[] render(Map<String, @Nullable Object> variables) {
        return templates
                .process(template, fragment, new Context(Locale.ENGLISH, variables))
                .split(CSRF_FIELD, -1);
    }

    /** This request's CSRF field, empty when the request has no token. */
    static String csrfField(@Nullable CsrfToken csrf) {
        return csrf == null
                ? ""
                : "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
                        + HtmlUtils.htmlEscape(csrf.getToken()) + "\"/>";
    }

    /** Kept {@code pieces} joined with {@code csrfField} at each mark. */
    static String join(String[] pieces, String csrfField) {
        return pieces.length == 1 ? pieces[0] : join(List.<String[]>of(pieces), csrfField);
    }

    /**
     * The pieces of each of {@code renderings}, in order, joined with {@code csrfField} at each mark:
     * the page's text is copied once, into a string of its exact length.
     */
    static String join(List<String[]> renderings, String csrfField) {
        var parts = new ArrayList<String>(renderings.size() * 4);
        for (String[] pieces : renderings) {
            parts.add(pieces[0]);
            for (int i = 1; i < pieces.length; i++) {
                parts.add(csrfField);
                parts.add(pieces[i]);
            }
        }
        return String.join("", parts);
    }
}
