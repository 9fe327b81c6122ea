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
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * What an approval card shows before its forms (its head, the "Select" checkbox, then its facts,
 * arguments, conversation, reasons and decisions: {@code approval-card.html}), rendered once for
 * each card as it is now and kept a while, so an inbox shown again and again renders only its forms,
 * which carry the session's CSRF token, and its links.
 *
 * <p>A card is a value: everything those parts show is in it, the times in words included ("2 h 5
 * min"), so an approval decided, edited or waiting a minute longer is another card and rendered
 * anew; so is a card that this member may decide and another may not.
 */
@Component
class CardParts {

    private static final Set<String> CARD = Set.of("card");

    /** A card as a page shows it: with the form that decides it with others (null: none), ticked or not. */
    private record Shown(ApprovalCard card, @Nullable String selectionForm, boolean ticked) {}

    private final ITemplateEngine templates;
    private final Cache<Shown, String> rendered = Caffeine.newBuilder()
            .maximumSize(2_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    CardParts(ITemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * The HTML of each card's parts before its forms, by its approval's id, escaped as the template
     * escapes. {@code selectionForms} names, by approval id, the form that decides a card with
     * others; {@code ticked} holds the ids of the cards ticked for it.
     */
    Map<String, String> of(Collection<ApprovalCard> cards, Map<String, String> selectionForms, Set<String> ticked) {
        var parts = new HashMap<String, String>();
        for (ApprovalCard card : cards) {
            String id = card.facts().id();
            parts.put(id, rendered.get(new Shown(card, selectionForms.get(id), ticked.contains(id)), this::render));
        }
        return parts;
    }

    private String render(Shown shown) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("c", shown.card());
        variables.put("selectionForm", shown.selectionForm());
        variables.put("ticked", shown.ticked());
        return templates.process("approval-card", CARD, new Context(Locale.ENGLISH, variables));
    }
}
