package com.polaris.operator.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The content of the inbox's approval cards ({@code approval-card.html}), each rendered once for the
 * card as it is now and kept a while, so an inbox shown again and again costs little more than the
 * look-ups that find its cards. Only the session's CSRF field is put in on every showing, in the
 * places the template marks for it: a kept card holds no secret of anyone's.
 *
 * <p>A card is a value: everything it shows is in it, the times in words included ("2 h 5 min"), so
 * an approval decided, edited or waiting a minute longer is another card and rendered anew; so is a
 * card that this member may decide and another may not. A card whose form came back with errors or
 * typed text is rendered for that page only.
 */
@Component
class CardParts {

    private static final Set<String> CARD = Set.of("card");
    /** Where a card's form takes the CSRF field: markup of the template's own, which no escaped text can be. */
    private static final String CSRF_FIELD = "<csrf-token></csrf-token>";

    /**
     * A card as a page shows it: with the form that decides it with others (null: none), ticked or
     * not, its links starting with {@code contextPath}.
     */
    private record Shown(ApprovalCard card, @Nullable String selectionForm, boolean ticked, String contextPath) {}

    /** What a page's cards are shown with: their forms' errors and typed text, the session's CSRF token. */
    record Page(
            FormErrors errors,
            Map<String, String> typed,
            @Nullable CsrfToken csrf,
            String contextPath) {

        boolean quiet() {
            return errors.problems().isEmpty() && typed.isEmpty();
        }
    }

    private final ITemplateEngine templates;
    private final Cache<Shown, String> rendered = Caffeine.newBuilder()
            .maximumSize(2_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    CardParts(ITemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * The HTML of each card's content, by its approval's id. {@code selectionForms} names, by
     * approval id, the form that decides a card with others; {@code ticked} holds the ids of the
     * cards ticked for it.
     */
    Map<String, String> of(
            Collection<ApprovalCard> cards, Map<String, String> selectionForms, Set<String> ticked, Page page) {
        CsrfToken csrf = page.csrf();
        String csrfField = csrf == null
                ? ""
                : "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
                        + HtmlUtils.htmlEscape(csrf.getToken()) + "\"/>";
        var parts = new HashMap<String, String>();
        for (ApprovalCard card : cards) {
            String id = card.facts().id();
            var shown = new Shown(card, selectionForms.get(id), ticked.contains(id), page.contextPath());
            String html = page.quiet() ? rendered.get(shown, s -> render(s, page)) : render(shown, page);
            parts.put(id, html.replace(CSRF_FIELD, csrfField));
        }
        return parts;
    }

    private String render(Shown shown, Page page) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("c", shown.card());
        variables.put("selectionForm", shown.selectionForm());
        variables.put("ticked", shown.ticked());
        variables.put("contextPath", shown.contextPath());
        variables.put("quiet", page.quiet());
        variables.put("errors", page.errors());
        variables.put("typed", page.typed());
        return templates.process("approval-card", CARD, new Context(Locale.ENGLISH, variables));
    }
}
