package com.polaris.operator.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An enum whose name in JSON, in query parameters and in the database is its constant's name in
 * lower case ({@code pending_approval}, {@code no_show}), as API.md spells the values.
 */
public interface WireName {

    String name();

    @JsonValue
    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} named {@code wire}, if there is one. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, @Nullable String wire) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.wire().equals(wire))
                .findFirst();
    }
}
