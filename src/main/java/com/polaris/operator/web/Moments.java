package com.polaris.operator.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Writes instants for people on the pages ({@code ${@moments.format(at)}}): minutes, in UTC, said so. */
@Component("moments")
@RequiredArgsConstructor
class Moments {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    /** Whether {@code at} has come ({@code ${@moments.past(key.expiresAt)}}); never for null. */
    public boolean past(@Nullable Instant at) {
        return at != null && !clock.instant().isBefore(at);
    }

    public String format(@Nullable Instant at) {
        return text(at);
    }

    static String text(@Nullable Instant at) {
        return at == null ? "—" : FORMAT.format(at);
    }

    /** An ISO-8601 instant as stored in an event, written for people; any other text as it is. */
    static String text(String iso) {
        try {
            return text(Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    public String iso(@Nullable Instant at) {
        return at == null ? "" : at.toString();
    }
}
