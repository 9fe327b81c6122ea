package com.polaris.operator.booking;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a booking stands. A request is confirmed or cancelled; a confirmed booking is completed,
 * cancelled or missed (no-show). Cancelled, completed and no-show are final.
 */
public enum BookingStatus {
    REQUESTED,
    CONFIRMED,
    CANCELLED,
    COMPLETED,
    NO_SHOW;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BookingStatus> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    /** Whether a booking in this status may move to {@code next}; staying where it is always may. */
    public boolean canBecome(BookingStatus next) {
        return next == this
                || switch (this) {
                    case REQUESTED -> Set.of(CONFIRMED, CANCELLED).contains(next);
                    case CONFIRMED -> Set.of(COMPLETED, CANCELLED, NO_SHOW).contains(next);
                    case CANCELLED, COMPLETED, NO_SHOW -> false;
                };
    }
}
