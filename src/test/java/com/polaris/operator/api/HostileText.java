package com.polaris.operator.api;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text from outside, as jqwik generates it: storable text of every script, plane and oddity
 * (emoji, combining marks, right-to-left, U+FFFF, BOMs), and text made unstorable by a NUL or a lone
 * surrogate at a random place. {@link #json} writes JSON with every non-ASCII character escaped, so a
 * lone surrogate reaches the service as the {@code \\uD800} escape a hostile client would send.
 */
public final class HostileText {

    private static final JsonMapper ASCII_JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private HostileText() {}

    /** Any Unicode scalar value but NUL, favouring the awkward ones. */
    public static Arbitrary<String> storableCharacter() {
        Arbitrary<Integer> any = Arbitraries.integers()
                .between(1, 0x10FFFF)
                .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
        Arbitrary<Integer> awkward = Arbitraries.of(
                0x01, 0x1F, 0x7F, 0x85, 0xA0, 0x200B, 0x200F, 0x202E, 0x2028, 0x0301, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF,
                0x10000, 0x1F600, 0x1F469, 0x10FFFF, 0x05D0, 0x0627);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, any),
                        net.jqwik.api.Tuple.of(2, awkward),
                        net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7E)))
                .map(Character::toString);
    }

    public static Arbitrary<String> storable() {
        return storableCharacter().list().ofMaxSize(20).map(chars -> String.join("", chars));
    }

    /** What makes text unstorable: NUL, or a surrogate without its partner. */
    public static Arbitrary<String> poison() {
        return Arbitraries.of("\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00", "\udc00\ud800");
    }

    /** Storable text with a poison at a random place. */
    public static Arbitrary<String> unstorable() {
        return Combinators.combine(storable(), poison(), storable())
                // A high surrogate right before a low one (or the reverse) would pair up and be fine.
                .filter((before, poison, after) -> !pairs(before, poison) && !pairs(poison, after))
                .as((before, poison, after) -> before + poison + after);
    }

    private static boolean pairs(String left, String right) {
        return !left.isEmpty()
                && !right.isEmpty()
                && Character.isHighSurrogate(left.charAt(left.length() - 1))
                && Character.isLowSurrogate(right.charAt(0));
    }

    public static <T> List<T> samples(Arbitrary<T> arbitrary, int count) {
        return arbitrary.sampleStream().limit(count).collect(Collectors.toList());
    }

    /** JSON of {@code value}, ASCII only: every other character as a {@code \\u} escape. */
    public static String json(Object value) {
        return ASCII_JSON.writeValueAsString(value);
    }
}
