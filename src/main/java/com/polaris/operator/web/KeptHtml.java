package com.polaris.operator.web;

import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * Console HTML rendered once and kept for what it shows (an inbox card, the header): kept as the
 * pieces between the places its template marks for the session's CSRF field, so each showing joins
 * them around this request's own field. The mark is markup of the template's own, which no escaped
 * text can be, and the kept HTML holds no secret of anyone's.
 */
final class KeptHtml {

    /** Where a kept form takes the CSRF field. */
    private static final String CSRF_FIELD = "<csrf-token></csrf-token>";

    private KeptHtml() {}

    /** Rendered HTML as it is kept: the pieces around its CSRF marks. */
    static String[] pieces(String html) {
        return html.split(CSRF_FIELD, -1);
    }

    /** This request's CSRF field, empty when the request has no token. */
    static String csrfField(@Nullable CsrfToken csrf) {
        return csrf == null
                ? ""
                : "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
                        + HtmlUtils.htmlEscape(csrf.getToken()) + "\"/>";
    }

    /** Appends kept {@code pieces} to {@code html}, with {@code csrfField} at each mark. */
    static StringBuilder join(StringBuilder html, String[] pieces, String csrfField) {
        html.append(pieces[0]);
        for (int i = 1; i < pieces.length; i++) {
            html.append(csrfField).append(pieces[i]);
        }
        return html;
    }
}
