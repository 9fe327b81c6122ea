package com.polaris.operator.workspace;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's business hours: weekly windows in local wall time and holidays, in one time zone.
 * Pure: whether an instant is inside a window, and when the next window opens; no clock, no I/O,
 * so the policy engine and the job scheduler can ask it about any instant.
 *
 * <p>Both questions are answered on local wall time. Across a daylight-saving change this means:
 * a window whose start falls in the spring-forward gap opens at the first instant after the gap
 * (if the window reaches past it); an ambiguous start in the autumn overlap opens at its earlier
 * offset, and the repeated hour is open or closed each time it is lived, as the wall clock says.
 * {@link #nextOpening} is exactly the first instant at which {@link #isOpen} is true.
 */
public record BusinessHours(ZoneId timezone, Map<DayOfWeek, List<Window>> weekly, Set<LocalDate> holidays) {

    /**
     * One opening window of a day, from {@code start} (inclusive) to {@code end} (exclusive). An
     * {@code end} of {@link LocalTime#MIDNIGHT} means the end of the day ("24:00"); otherwise the
     * end must be after the start: a window never runs overnight.
     */
    public record Window(LocalTime start, LocalTime end) {

        public Window {
            if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
                throw new IllegalArgumentException("a window must end after it starts: " + start + "-" + end);
            }
        }

        /** A window that closes at "24:00", the end of its day. */
        public static Window untilMidnight(LocalTime start) {
            return new Window(start, LocalTime.MIDNIGHT);
        }

        public boolean endsAtMidnight() {
            return end.equals(LocalTime.MIDNIGHT);
        }

        public boolean contains(LocalTime time) {
            return !time.isBefore(start) && (endsAtMidnight() || time.isBefore(end));
        }

        /** Whether the two windows share some time; windows that only touch ("12:00" ends, "12:00" starts) do not. */
        public boolean overlaps(Window other) {
            return start.toSecondOfDay() < other.endSecond() && other.start.toSecondOfDay() < endSecond();
        }

        private int endSecond() {
            return endsAtMidnight() ? 24 * 60 * 60 : end.toSecondOfDay();
        }
    }

    public BusinessHours {
        var copy = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
        weekly.forEach((day, windows) -> {
            if (!windows.isEmpty()) {
                copy.put(
                        day,
                        windows.stream()
                                .sorted(Comparator.comparing(Window::start))
                                .toList());
            }
        });
        weekly = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
    }

    /** Monday to Friday, 09:00 to 18:00, no holidays: what a new workspace starts with. */
    public static BusinessHours defaults(ZoneId zone) {
        var weekly = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
        for (DayOfWeek day : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            weekly.put(day, List.of(new Window(LocalTime.of(9, 0), LocalTime.of(18, 0))));
        }
        return new BusinessHours(zone, weekly, Set.of());
    }

    /** The windows of {@code day}, earliest first; empty when the day is closed. */
    public List<Window> windows(DayOfWeek day) {
        return weekly.getOrDefault(day, List.of());
    }

    /** Whether the wall clock of the workspace's time zone shows a time inside a window of a working day. */
    public boolean isOpen(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, timezone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return windows(local.getDayOfWeek()).stream().anyMatch(w -> w.contains(time));
    }

    /**
     * {@code instant} itself when open, else the first instant after it at which the schedule is
     * open. Empty when the schedule never opens: it has no window. The search spans enough weeks
     * (three more than there are holidays) that a run of holidays cannot hide the next opening.
     */
    public Optional<Instant> nextOpening(Instant instant) {
        if (isOpen(instant)) {
            return Optional.of(instant);
        }
        if (weekly.isEmpty()) {
            return Optional.empty();
        }
        ZoneRules rules = timezone.getRules();
        // Every stretch of open time begins either where the wall clock reaches a window's start or
        // at an offset transition (a gap swallowing the start, an overlap winding the clock back into
        // a window). So the first opening is the earliest of those candidates that is open.
        LocalDate first = LocalDate.ofInstant(instant, timezone).minusDays(1);
        int horizonDays = 7 * (holidays.size() + 3);
        @Nullable Instant best = null;
        @Nullable LocalDate lastDayToLook = null;
        for (LocalDate day = first; !day.isAfter(first.plusDays(horizonDays)); day = day.plusDays(1)) {
            if (lastDayToLook != null && day.isAfter(lastDayToLook)) {
                break;
            }
            if (holidays.contains(day)) {
                continue;
            }
            for (Window window : windows(day.getDayOfWeek())) {
                for (Instant candidate : wallClockReaches(rules, day.atTime(window.start()))) {
                    best = earlierOpening(best, candidate, instant);
                }
            }
            if (best != null && lastDayToLook == null) {
                // an overlap around midnight can make the next day's first hour come before this day's last
                lastDayToLook = day.plusDays(1);
            }
        }
        Instant limit = best != null
                ? best
                : first.plusDays(horizonDays + 2L).atStartOfDay(timezone).toInstant();
        for (ZoneOffsetTransition transition = rules.nextTransition(instant);
                transition != null && !transition.getInstant().isAfter(limit);
                transition = rules.nextTransition(transition.getInstant())) {
            best = earlierOpening(best, transition.getInstant(), instant);
        }
        return Optional.ofNullable(best);
    }

    /** The instants at which the wall clock shows {@code local}; in a gap, the end of the gap. */
    private static List<Instant> wallClockReaches(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(rules.getTransition(local).getInstant());
        }
        var instants = new ArrayList<Instant>(offsets.size());
        for (ZoneOffset offset : offsets) {
            instants.add(local.toInstant(offset));
        }
        return instants;
    }

    private @Nullable Instant earlierOpening(@Nullable Instant best, Instant candidate, Instant notBefore) {
        if (candidate.isBefore(notBefore) || (best != null && !candidate.isBefore(best)) || !isOpen(candidate)) {
            return best;
        }
        return candidate;
    }
}
