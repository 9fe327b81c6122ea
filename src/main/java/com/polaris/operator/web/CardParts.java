package com.polaris.operator.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;

/**
 * The content of the inbox's approval cards ({@code approval-card.html}), each rendered once for the
 * card as it is now and kept a while, so an inbox shown again and again costs little more than the
 * look-ups that find its cards. Only the session's CSRF field is put in on every showing ({@link
 * KeptHtml}).
 *
 * <p>A card is a value: everything it shows is in it, the times in words included ("2 h 5 min"), so
 * an approval decided, edited or waiting a minute longer is another card and rendered anew; so is a
 * card that this member may decide and another may not. A card whose form came back with errors or
 * typed text is rendered for that page only.
 */
@Component
class CardParts {

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

    private final KeptHtml<Shown> kept;

    CardParts(ITemplateEngine templates) {
        this.kept = new KeptHtml<>(templates, "approval-card", "card", 2_000);
    }

    /**
     * The HTML of the cards, in their order, each its whole article. {@code selectionForms} names, by
     * approval id, the form that decides a card with others; {@code ticked} holds the ids of the
     * cards ticked for it.
     */
    String of(Collection<ApprovalCard> cards, Map<String, String> selectionForms, Set<String> ticked, Page page) {
        var renderings = new ArrayList<String[]>(cards.size());
        for (ApprovalCard card : cards) {
            String id = card.facts().id();
            var shown = new Shown(card, selectionForms.get(id), ticked.contains(id), page.contextPath());
            renderings.add(kept.get(shown, page.quiet(), s -> variables(s, page)));
        }
        return KeptHtml.join(renderings, KeptHtml.csrfField(page.csrf()));
    }

    private static Map<String, @Nullable Object> variables(Shown shown, Page page) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("c", shown.card());
        variables.put("selectionForm", shown.selectionForm());
        variables.put("ticked", shown.ticked());
        variables.put("contextPath", shown.contextPath());
        variables.put("quiet", page.quiet());
        variables.put("errors", page.errors());
        variables.put("typed", page.typed());
        return variables;
    }
}
