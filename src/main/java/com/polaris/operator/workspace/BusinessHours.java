package com.polaris.operator.workspace;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A workspace's business hours: weekly windows in local time and holidays, in one time zone.
 * Pure: whether an instant is inside a window, and when the next window opens.
 */
public record BusinessHours(ZoneId timezone, Map<DayOfWeek, List<Window>> weekly, Set<LocalDate> holidays) {

    /** One opening window of a day, from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Window(LocalTime start, LocalTime end) {}

    public BusinessHours {
        var copy = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
        weekly.forEach((day, windows) -> copy.put(day, List.copyOf(windows)));
        weekly = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
    }

    public static BusinessHours defaults(ZoneId zone) {
        var weekly = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            weekly.put(day, List.of(new Window(LocalTime.of(9, 0), LocalTime.of(18, 0))));
        }
        return new BusinessHours(zone, weekly, Set.of());
    }

    public boolean isOpen(Instant instant) {
        ZonedDateTime local = instant.atZone(timezone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return weekly.getOrDefault(local.getDayOfWeek(), List.of()).stream()
                .anyMatch(w -> !time.isBefore(w.start()) && time.isBefore(w.end()));
    }

    /** {@code instant} itself when open, else the first instant of the next window; empty if none opens within a year. */
    public Optional<Instant> nextOpening(Instant instant) {
        if (isOpen(instant)) {
            return Optional.of(instant);
        }
        LocalDate day = instant.atZone(timezone).toLocalDate();
        for (int i = 0; i <= 366; i++, day = day.plusDays(1)) {
            if (holidays.contains(day)) {
                continue;
            }
            for (Window window : weekly.getOrDefault(day.getDayOfWeek(), List.of()).stream()
                    .sorted(java.util.Comparator.comparing(Window::start)).toList()) {
                Instant opens = day.atTime(window.start()).atZone(timezone).toInstant();
                if (opens.isAfter(instant)) {
                    return Optional.of(opens);
                }
            }
        }
        return Optional.empty();
    }
}
