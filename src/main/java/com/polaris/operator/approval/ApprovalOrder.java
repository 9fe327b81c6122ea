package com.polaris.operator.approval;

import java.util.Locale;
import java.util.Optional;

/**
 * The order of a list of approvals: newest first (the default), or oldest first, which puts the
 * approvals that have waited longest at the top. Ids are time-ordered, so both are one index range.
 */
public enum ApprovalOrder {
    NEWEST,
    OLDEST;

    /** The order named {@code newest} or {@code oldest}; empty for anything else. */
    public static Optional<ApprovalOrder> parse(String value) {
        return switch (value) {
            case "newest" -> Optional.of(NEWEST);
            case "oldest" -> Optional.of(OLDEST);
            default -> Optional.empty();
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
