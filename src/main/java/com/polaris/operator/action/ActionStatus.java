package com.polaris.operator.action;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an action stands. The last six are final: every action ends in one of them. */
public enum ActionStatus {
    PENDING_APPROVAL,
    SCHEDULED,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    NEEDS_REVIEW,
    REJECTED,
    EXPIRED,
    CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ActionStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    public boolean isFinal() {
        return ordinal() >= COMPLETED.ordinal();
    }
}
