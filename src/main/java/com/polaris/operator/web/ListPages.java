package com.polaris.operator.web;

import com.polaris.operator.api.Page;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;

/**
 * What the console's lists (the inbox, actions, the audit log) share: filters typed as text, which
 * filter nothing when blank, and paging to older entries by cursor and back to the newest.
 */
final class ListPages {

    private ListPages() {}

    /** A text filter as the list is asked for it: trimmed, or null (no filter) when blank. */
    static @Nullable String filter(@Nullable String typed) {
        return typed == null || typed.isBlank() ? null : typed.trim();
    }

    /** A text filter as the page shows it back: trimmed, or empty. */
    static String shown(@Nullable String typed) {
        String filter = filter(typed);
        return filter == null ? "" : filter;
    }

    /**
     * Puts the cursor of the next (older) page in the model, and whether this page, read after
     * {@code cursor}, is not the newest, so the pager links back to it.
     */
    static void paged(Model model, Page<?> page, @Nullable String cursor) {
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("paged", filter(cursor) != null);
    }
}
