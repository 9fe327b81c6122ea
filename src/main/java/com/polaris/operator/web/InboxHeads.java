package com.polaris.operator.web;

import com.polaris.operator.web.InboxCards.InboxView;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;

/**
 * The head of an inbox view ({@code inbox-head.html}: its title and pending count, its filters and
 * orders), the same on every showing of the view: rendered once for what it shows and kept.
 */
@Component
class InboxHeads {

    /** Everything a head shows. */
    private record Shown(InboxView view, String contextPath, String pendingShown) {}

    private final KeptHtml<Shown> kept;

    InboxHeads(ITemplateEngine templates) {
        this.kept = new KeptHtml<>(templates, "inbox-head", "head", 200);
    }

    /** The head of {@code view} under {@code contextPath}, with the workspace's pending count as shown. */
    String html(InboxView view, String contextPath, String pendingShown) {
        String[] pieces = kept.get(new Shown(view, contextPath, pendingShown), InboxHeads::variables);
        return KeptHtml.join(pieces, "");
    }

    private static Map<String, @Nullable Object> variables(Shown shown) {
        var variables = new HashMap<String, @Nullable Object>();
        variables.put("view", shown.view());
        variables.put("links", InboxLinks.of(shown.view(), shown.contextPath(), false, null));
        variables.put("pendingShown", shown.pendingShown());
        return variables;
    }
}
