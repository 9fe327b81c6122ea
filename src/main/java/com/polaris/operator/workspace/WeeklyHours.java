package com.polaris.operator.workspace;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A weekly schedule as a person or a client writes it: a time zone name, each day's opening
 * windows from a start to an end time ({@code "HH:mm"}, {@code "24:00"} ending a day), and holiday
 * dates ({@code "YYYY-MM-DD"}). It is the command that replaces a workspace's business hours
 * ({@link BusinessHoursSchedules#replace}), which checks it and answers 422 naming every wrong
 * field by its path ({@code timezone}, {@code weekly.mon[0][1]}, {@code holidays[2]}). Days are
 * checked in the order given; a day left out is closed.
 */
public record WeeklyHours(String timezone, Map<DayOfWeek, List<Interval>> days, List<String> holidays) {

    /** One opening window of a day, as written. */
    public record Interval(String start, String end) {}

    public WeeklyHours {
        days = Collections.unmodifiableMap(new LinkedHashMap<>(days));
        holidays = List.copyOf(holidays);
    }

    /** The written form of {@code hours}: every day from Monday, windows by start, holidays sorted. */
    public static WeeklyHours of(BusinessHours hours) {
        var days = new LinkedHashMap<DayOfWeek, List<Interval>>();
        for (DayOfWeek day : DayOfWeek.values()) {
            var intervals = new ArrayList<Interval>();
            for (BusinessHours.Window w : hours.windows(day)) {
                intervals.add(new Interval(
                        w.start().toString(),
                        w.endsAtMidnight()
                                ? BusinessHoursRules.END_OF_DAY
                                : w.end().toString()));
            }
            days.put(day, intervals);
        }
        List<String> holidays =
                hours.holidays().stream().sorted().map(LocalDate::toString).toList();
        return new WeeklyHours(hours.timezone().getId(), days, holidays);
    }

    /** How a day is named in a schedule and its field paths: {@code mon}, {@code tue} … */
    public static String key(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }
}
