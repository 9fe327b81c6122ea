package com.polaris.operator.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dates and times Polaris accepts from outside: from the year 1900 to the year 9999. Both stores
 * and java.time could hold more (PostgreSQL from 4713 BC), but a year 0 or 10000 in a booking, a
 * holiday or an expiry is a typing or a parsing error, and is refused rather than kept.
 */
public final class SaneDates {

    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
    /** The words of a refusal, after a field's name. */
    public static final String OUT_OF_RANGE = "must be between the years 1900 and 9999";

    private SaneDates() {}

    public static boolean isSane(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    /** Whether the instant's date in UTC is sane. */
    public static boolean isSane(Instant instant) {
        return !instant.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                && instant.isBefore(
                        LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
