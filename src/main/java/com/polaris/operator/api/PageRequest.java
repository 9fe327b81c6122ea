package com.polaris.operator.api;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The page a list request asks for: the items after the id {@code after} (null for the first page),
 * {@code size} of them. List endpoints take it as a parameter, read and checked from {@code ?cursor=}
 * and {@code ?limit=} by {@link PageRequests}; a store reads {@link #rows()} rows and hands them to
 * {@link #page}.
 */
public record PageRequest(@Nullable String after, int size) {

    /** The first page of the default size. */
    public static final PageRequest FIRST = new PageRequest(null, Page.DEFAULT_LIMIT);

    /** Reads {@code limit} (default 50, at most 200), then {@code cursor}; 400 for either when malformed. */
    public static PageRequest of(@Nullable String cursor, @Nullable Integer limit) {
        int size = Page.limit(limit);
        return new PageRequest(Page.after(cursor), size);
    }

    /** How many rows to read: one more than the page, which tells whether another page follows. */
    public int rows() {
        return size + 1;
    }

    /** Of up to {@link #rows()} rows read after the cursor, keeps {@link #size} and points the cursor past the last. */
    public <R, T> Page<T> page(List<R> rows, Function<R, String> id, Function<R, T> item) {
        return Page.of(rows, size, id, item);
    }

    /** {@link #page} for rows that are the items themselves. */
    public <T> Page<T> page(List<T> rows, Function<T, String> id) {
        return Page.of(rows, size, id, Function.identity());
    }
}
