package com.polaris.operator.booking;

import com.polaris.operator.api.WireName;
import java.util.Optional;
import java.util.Set;

/**
 * Where a booking stands. A request is confirmed or cancelled; a confirmed booking is completed,
 * cancelled or missed (no-show). Cancelled, completed and no-show are final.
 */
public enum BookingStatus implements WireName {
    REQUESTED,
    CONFIRMED,
    CANCELLED,
    COMPLETED,
    NO_SHOW;

    public static Optional<BookingStatus> parse(String value) {
        return WireName.parse(BookingStatus.class, value);
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
