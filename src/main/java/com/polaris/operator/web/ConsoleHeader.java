package com.polaris.operator.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.polaris.operator.web.ConsoleAdvice.Navigation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The header of every console page a member sees ({@code header.html}): rendered once for what it
 * shows (the page it marks as current, the member's name and role, the counts) and kept, since it is
 * the same on page after page. Only the session's CSRF field of its sign-out form is put in on every
 * showing ({@link KeptHtml}).
 */
@Component
class ConsoleHeader {

    private static final Set<String> HEADER = Set.of("header");

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
            String[] pieces = headers.rendered.get(shown, s -> headers.render(s, nav));
            return KeptHtml.join(new StringBuilder(8_192), pieces, csrfField).toString();
        }
    }

    private final ITemplateEngine templates;
    private final Cache<Shown, String[]> rendered = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    ConsoleHeader(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** The header of a page {@code request} shows to {@code me}, with the counts of {@code nav}. */
    Header of(ConsoleMember me, Navigation nav, HttpServletRequest request) {
        return new Header(this, me, nav, request.getContextPath(), KeptHtml.csrfField((CsrfToken)
                request.getAttribute(CsrfToken.class.getName())));
    }

    private String[] render(Shown shown, Navigation nav) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("current", shown.current());
        variables.put("name", shown.name());
        variables.put("role", shown.role());
        variables.put("nav", nav);
        variables.put("contextPath", shown.contextPath());
        return KeptHtml.pieces(templates.process("header", HEADER, new Context(Locale.ENGLISH, variables)));
    }
}
