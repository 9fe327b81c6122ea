package com.polaris.operator.web;

import com.polaris.operator.web.ConsoleAdvice.Navigation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;

/**
 * The header of every console page a member sees ({@code header.html}): rendered once for what it
 * shows (the page it marks as current, the member's name and role, the counts) and kept, since it is
 * the same on page after page. Only the session's CSRF field of its sign-out form is put in on every
 * showing ({@link KeptHtml}).
 */
@Component
class ConsoleHeader {

    /** Everything a header shows: two members' headers differ only by name and role. */
    private record Shown(
            String current,
            String name,
            String role,
            long pendingApprovals,
            long needsAttention,
            long unreadNotifications,
            String contextPath) {}

    /** A page's header, {@link #html(String) shown} with the page's own navigation entry marked. */
    record Header(ConsoleHeader headers, ConsoleMember me, Navigation nav, String contextPath, String csrfField) {

        /** The header's HTML with {@code current} ("inbox", "settings", ...) marked as the page shown. */
        public String html(String current) {
            var shown = new Shown(
                    current,
                    me.name(),
                    me.roleName(),
                    nav.pendingApprovals(),
                    nav.needsAttention(),
                    nav.unreadNotifications(),
                    contextPath);
            String[] pieces = headers.kept.get(shown, s -> variables(s, nav));
            return KeptHtml.join(pieces, csrfField);
        }
    }

    private final KeptHtml<Shown> kept;

    ConsoleHeader(ITemplateEngine templates) {
        this.kept = new KeptHtml<>(templates, "header", "header", 1_000);
    }

    /** The header of a page {@code request} shows to {@code me}, with the counts of {@code nav}. */
    Header of(ConsoleMember me, Navigation nav, HttpServletRequest request) {
        return new Header(this, me, nav, request.getContextPath(), KeptHtml.csrfField((CsrfToken)
                request.getAttribute(CsrfToken.class.getName())));
    }

    private static Map<String, @Nullable Object> variables(Shown shown, Navigation nav) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("current", shown.current());
        variables.put("name", shown.name());
        variables.put("role", shown.role());
        variables.put("nav", nav);
        variables.put("contextPath", shown.contextPath());
        return variables;
    }
}
