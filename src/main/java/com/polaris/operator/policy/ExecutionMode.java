package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether a tool runs inside the proposing request or later, as a background job. */
public enum ExecutionMode {
    IMMEDIATE,
    BACKGROUND;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExecutionMode> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(value)).findFirst();
    }
}
