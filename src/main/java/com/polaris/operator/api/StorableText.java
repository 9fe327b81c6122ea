package com.polaris.operator.api;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for text Polaris accepts from outside: it must be storable as it is in PostgreSQL's
 * {@code text} and {@code jsonb} (and in H2, which would take it, so both stores hold the same
 * data). PostgreSQL refuses the NUL character in both, and a lone UTF-16 surrogate is no character
 * at all: the driver would either refuse it or silently store a {@code ?} instead. Every other
 * Unicode character is fine. The HTTP API applies this rule to every string of a request body
 * (keys included), every query parameter, header and path; the console can apply it to its forms.
 */
public final class StorableText {

    private StorableText() {}

    /** Whether {@code text} can be stored as it is. */
    public static boolean isStorable(CharSequence text) {
        return problem(text) == null;
    }

    /**
     * What keeps {@code text} from being stored, in words for the person who typed it (a phrase that
     * follows a field's name: "contains …"); null when it can be stored.
     */
    public static @Nullable String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "contains the NUL character (U+0000), which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a broken character (a lone UTF-16 surrogate), which cannot be stored";
            }
        }
        return null;
    }
}
