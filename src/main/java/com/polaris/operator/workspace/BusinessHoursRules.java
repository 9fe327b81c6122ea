package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.SaneDates;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What makes a schedule valid, checked part by part so that every problem is reported at once,
 * each at its exact field path and in the order the parts were written (so a console can point at
 * the wrong cell). {@link #check(WeeklyHours)} checks a whole schedule; the JSON reader
 * ({@link BusinessHoursDocument}) checks the parts as it reads them, between problems of its own.
 */
final class BusinessHoursRules {

    static final int MAX_WINDOWS_PER_DAY = 10;
    static final int MAX_HOLIDAYS = 366;
    static final String END_OF_DAY = "24:00";
    static final String NOT_A_ZONE_NAME = "must be a time zone name such as \"Europe/Madrid\"";

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final List<FieldProblem> errors = new ArrayList<>();

    /** The schedule {@code hours} describes, or a 422 problem listing everything wrong with it. */
    static BusinessHours check(WeeklyHours hours) {
        var rules = new BusinessHoursRules();
        ZoneId zone = rules.timezone(hours.timezone());
        var weekly = new EnumMap<DayOfWeek, List<BusinessHours.Window>>(DayOfWeek.class);
        hours.days()
                .forEach((day, intervals) ->
                        weekly.put(day, rules.windows("weekly." + WeeklyHours.key(day), intervals)));
        Set<LocalDate> holidays = rules.holidays("holidays", hours.holidays());
        rules.refuseIfAny();
        return new BusinessHours(Objects.requireNonNull(zone), weekly, holidays);
    }

    void problem(String path, String message) {
        errors.add(new FieldProblem(path, message));
    }

    /** Throws the 422 problem listing everything found wrong so far, if anything was. */
    void refuseIfAny() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The business hours are not valid.", errors);
        }
    }

    @Nullable
    ZoneId timezone(String name) {
        if (name.isBlank()) {
            problem("timezone", NOT_A_ZONE_NAME);
            return null;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            problem("timezone", "is not a known time zone");
            return null;
        }
    }

    /**
     * The windows of one day at {@code path}; a null interval is one that was not written as a
     * start and an end. Of two overlapping windows, the later one written is refused.
     */
    List<BusinessHours.Window> windows(String path, List<WeeklyHours.@Nullable Interval> intervals) {
        if (intervals.size() > MAX_WINDOWS_PER_DAY) {
            problem(path, "must have at most " + MAX_WINDOWS_PER_DAY + " windows");
            return List.of();
        }
        var windows = new ArrayList<BusinessHours.Window>();
        var paths = new ArrayList<String>();
        for (int i = 0; i < intervals.size(); i++) {
            String windowPath = path + "[" + i + "]";
            BusinessHours.Window window = window(windowPath, intervals.get(i));
            if (window == null) {
                continue;
            }
            for (int j = 0; j < windows.size(); j++) {
                if (windows.get(j).overlaps(window)) {
                    problem(windowPath, "overlaps " + paths.get(j) + "; windows of one day must not overlap");
                    window = null;
                    break;
                }
            }
            if (window != null) {
                windows.add(window);
                paths.add(windowPath);
            }
        }
        return windows;
    }

    private BusinessHours.@Nullable Window window(String path, WeeklyHours.@Nullable Interval interval) {
        if (interval == null) {
            problem(path, "must be a pair of times, e.g. [\"09:00\", \"18:00\"]");
            return null;
        }
        LocalTime start = time(path + "[0]", interval.start(), false);
        LocalTime end = time(path + "[1]", interval.end(), true);
        if (start == null || end == null) {
            return null;
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            problem(
                    path,
                    "must end after it starts; a window cannot run past midnight, "
                            + "split it into two days (\"24:00\" ends a day)");
            return null;
        }
        return new BusinessHours.Window(start, end);
    }

    private @Nullable LocalTime time(String path, String text, boolean end) {
        if (end && text.equals(END_OF_DAY)) {
            return LocalTime.MIDNIGHT;
        }
        if (!TIME.matcher(text).matches()) {
            problem(
                    path,
                    end
                            ? "must be a time from \"00:01\" to \"24:00\" written HH:mm"
                            : "must be a time from \"00:00\" to \"23:59\" written HH:mm");
            return null;
        }
        LocalTime time = LocalTime.parse(text);
        if (end && time.equals(LocalTime.MIDNIGHT)) {
            problem(path, "cannot be \"00:00\"; write \"24:00\" for the end of the day");
            return null;
        }
        return time;
    }

    Set<LocalDate> holidays(String path, List<String> dates) {
        var holidays = new TreeSet<LocalDate>();
        if (dates.size() > MAX_HOLIDAYS) {
            problem(path, "must list at most " + MAX_HOLIDAYS + " dates");
            return holidays;
        }
        for (int i = 0; i < dates.size(); i++) {
            LocalDate parsed = DATE.matcher(dates.get(i)).matches() ? date(dates.get(i)) : null;
            if (parsed == null) {
                problem(path + "[" + i + "]", "must be a date written YYYY-MM-DD, between the years 1900 and 9999");
            } else {
                holidays.add(parsed);
            }
        }
        return holidays;
    }

    private static @Nullable LocalDate date(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            return SaneDates.isSane(date) ? date : null;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
