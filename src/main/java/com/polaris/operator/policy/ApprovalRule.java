package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether a tool's actions wait for a person: always, when the agent asks for review, or never. */
public enum ApprovalRule {
    REQUIRED,
    OPTIONAL,
    NONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApprovalRule> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(value)).findFirst();
    }
}
