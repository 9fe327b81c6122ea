package com.polaris.operator.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list answer: {@code {"items": [...], "nextCursor": "..." | null}}. Lists are
 * ordered by their time-ordered ids, newest first (an action's timeline oldest first), so a cursor
 * is the last id seen, kept opaque.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** A page with no items and none after it. */
    public static <T> Page<T> empty() {
        return new Page<>(List.of(), null);
    }

    /** The same page with each item turned into another. */
    public <U> Page<U> map(Function<T, U> item) {
        return new Page<>(items.stream().map(item).toList(), nextCursor);
    }

    /** Given up to {@code limit + 1} rows, keeps {@code limit} and points the cursor past the last. */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, String> id, Function<R, T> item) {
        boolean more = rows.size() > limit;
        List<R> kept = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(id.apply(kept.getLast())) : null;
        return new Page<>(kept.stream().map(item).toList(), next);
    }

    public static int limit(@Nullable Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiProblem.badParameter("limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }

    /** The id a cursor stands for, or null for the first page. */
    public static @Nullable String after(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        @Nullable String after;
        try {
            after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            after = null;
        }
        // A forged cursor may decode to anything; what it decodes to is compared with ids in a query.
        if (after == null || !StorableText.isStorable(after)) {
            throw ApiProblem.badCursor();
        }
        return after;
    }

    private static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }
}
