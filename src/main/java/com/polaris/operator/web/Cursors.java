package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import org.jspecify.annotations.Nullable;

/** The cursors of the console's pagers: what {@link Page#after} reads, refused when no id could hold it. */
final class Cursors {

    private Cursors() {}

    /**
     * The id {@code cursor} stands for, or null for the first page; 400 for a cursor the pager did
     * not make (one that decodes to text the database cannot compare, such as a NUL character).
     */
    static @Nullable String after(@Nullable String cursor) {
        String after = Page.after(cursor);
        if (after != null && !FormErrors.storable(after)) {
            throw ApiProblem.badCursor();
        }
        return after;
    }

    /** The page of {@code size} items that {@code cursor} points to (the first for none). */
    static PageRequest page(@Nullable String cursor, int size) {
        return new PageRequest(after(cursor), size);
    }
}
