package com.polaris.operator.web;

import com.polaris.operator.web.InboxCards.Selection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;

/**
 * The inbox's forms that decide several approvals of one tool together ({@code inbox-selections.html}):
 * the same on every showing of the same cards, so rendered once for the tools and approvals they
 * name and kept, with only the session's CSRF field put in on each showing ({@link KeptHtml}). Forms
 * that came back with errors or typed text are rendered for that page only.
 */
@Component
class SelectionForms {

    /** Everything the forms show. */
    private record Shown(List<Selection> selections, String contextPath) {}

    private final KeptHtml<Shown> kept;

    SelectionForms(ITemplateEngine templates) {
        this.kept = new KeptHtml<>(templates, "inbox-selections", "selections", 500);
    }

    /** The HTML of the forms for {@code selections} on {@code page}; empty when there are none. */
    String html(List<Selection> selections, CardParts.Page page) {
        if (selections.isEmpty()) {
            return "";
        }
        var shown = new Shown(selections, page.contextPath());
        String[] pieces = kept.get(shown, page.quiet(), s -> variables(s, page));
        return KeptHtml.join(pieces, KeptHtml.csrfField(page.csrf()));
    }

    private static Map<String, @Nullable Object> variables(Shown shown, CardParts.Page page) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("selections", shown.selections());
        variables.put("contextPath", shown.contextPath());
        variables.put("errors", page.errors());
        variables.put("typed", page.typed());
        return variables;
    }
}
