package com.polaris.operator.insight;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.SaneDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The period insights cover: from (inclusive) to (exclusive). A date means a whole day in UTC:
 * {@code from=2026-11-01} starts at its midnight, {@code to=2026-11-30} ends at the midnight after it.
 * Without {@code from} it starts {@link #DEFAULT_LENGTH} before its end; without {@code to} it ends now.
 */
public record Period(Instant from, Instant to) {

    public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);
    public static final Duration LONGEST = Duration.ofDays(366);

    /** Reads the period from the query's {@code from} and {@code to}; a bad one is a 400 bad-parameter. */
    public static Period parse(@Nullable String from, @Nullable String to, Instant now) {
        Instant end = blank(to) ? now : read("to", to, true);
        Instant start = blank(from) ? end.minus(DEFAULT_LENGTH) : read("from", from, false);
        boolean wholeDayTo = !blank(to) && to.strip().length() == 10;
        if (start.isAfter(end) || (wholeDayTo && !start.isBefore(end))) {
            throw ApiProblem.badParameter("from must not be after to.");
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw ApiProblem.badParameter("The period from from to to must be at most 366 days.");
        }
        return new Period(start, end);
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static Instant read(String name, String value, boolean endOfDay) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                if (!SaneDates.isSane(date)) {
                    throw ApiProblem.badParameter(name + " " + SaneDates.OUT_OF_RANGE + ".");
                }
                return (endOfDay ? date.plusDays(1) : date)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            Instant instant = Instant.parse(text);
            if (!SaneDates.isSane(instant)) {
                throw ApiProblem.badParameter(name + " " + SaneDates.OUT_OF_RANGE + ".");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw ApiProblem.badParameter(
                    name + " must be an ISO date (2026-11-30) or an instant (2026-11-30T09:00:00Z).");
        }
    }
}
