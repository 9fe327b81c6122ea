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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shape of a schedule, {@code {"timezone", "weekly": {"mon": [["09:00","18:00"]], ...},
 * "holidays": ["2026-12-25"]}}: read strictly (every problem reported at once, each at its exact
 * field path, so a console can point at the wrong cell) and written normalised (every day present,
 * windows by start, holidays sorted), so what GET answers can be PUT back unchanged.
 */
final class BusinessHoursDocument {

    static final int MAX_WINDOWS_PER_DAY = 10;
    static final int MAX_HOLIDAYS = 366;

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final String END_OF_DAY = "24:00";
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Set<String> FIELDS = Set.of("timezone", "weekly", "holidays");
    private static final String DAY_KEYS = "mon, tue, wed, thu, fri, sat, sun";

    private BusinessHoursDocument() {}

    /** The schedule {@code node} describes, or a 422 problem listing everything wrong with it. */
    static BusinessHours read(JsonNode node) {
        var errors = new ArrayList<FieldProblem>();
        if (!node.isObject()) {
            throw ApiProblem.invalid(
                    "The business hours are not valid.",
                    List.of(new FieldProblem("", "must be an object with timezone, weekly and holidays")));
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldProblem(name, "is not a known field; expected timezone, weekly, holidays"));
            }
        }
        ZoneId zone = timezone(node.get("timezone"), errors);
        Map<DayOfWeek, List<BusinessHours.Window>> weekly = weekly(node.get("weekly"), errors);
        Set<LocalDate> holidays = holidays(node.get("holidays"), errors);
        if (!errors.isEmpty() || zone == null) {
            throw ApiProblem.invalid("The business hours are not valid.", errors);
        }
        return new BusinessHours(zone, weekly, holidays);
    }

    static Map<String, Object> write(BusinessHours hours) {
        var weekly = new LinkedHashMap<String, Object>();
        for (DayOfWeek day : DayOfWeek.values()) {
            weekly.put(
                    dayKey(day),
                    hours.windows(day).stream()
                            .map(w -> List.of(
                                    w.start().toString(),
                                    w.endsAtMidnight() ? END_OF_DAY : w.end().toString()))
                            .toList());
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("timezone", hours.timezone().getId());
        document.put("weekly", weekly);
        document.put(
                "holidays",
                new TreeSet<>(hours.holidays())
                        .stream().map(LocalDate::toString).toList());
        return document;
    }

    static String dayKey(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static @Nullable ZoneId timezone(@Nullable JsonNode node, List<FieldProblem> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldProblem("timezone", "is required, e.g. \"Europe/Madrid\""));
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            errors.add(new FieldProblem("timezone", "must be a time zone name such as \"Europe/Madrid\""));
            return null;
        }
        try {
            return ZoneId.of(node.stringValue());
        } catch (DateTimeException e) {
            errors.add(new FieldProblem("timezone", "is not a known time zone"));
            return null;
        }
    }

    private static Map<DayOfWeek, List<BusinessHours.Window>> weekly(
            @Nullable JsonNode node, List<FieldProblem> errors) {
        var weekly = new EnumMap<DayOfWeek, List<BusinessHours.Window>>(DayOfWeek.class);
        if (node == null || node.isNull()) {
            errors.add(new FieldProblem(
                    "weekly", "is required: an object of days (" + DAY_KEYS + "); missing days are closed"));
            return weekly;
        }
        if (!node.isObject()) {
            errors.add(new FieldProblem("weekly", "must be an object of days (" + DAY_KEYS + ")"));
            return weekly;
        }
        for (var entry : node.properties()) {
            String path = "weekly." + entry.getKey();
            DayOfWeek day = day(entry.getKey());
            if (day == null) {
                errors.add(new FieldProblem(path, "is not a day; use " + DAY_KEYS));
                continue;
            }
            weekly.put(day, windows(path, entry.getValue(), errors));
        }
        return weekly;
    }

    private static List<BusinessHours.Window> windows(String path, JsonNode node, List<FieldProblem> errors) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldProblem(path, "must be a list of [start, end] windows, e.g. [[\"09:00\", \"18:00\"]]"));
            return List.of();
        }
        if (node.size() > MAX_WINDOWS_PER_DAY) {
            errors.add(new FieldProblem(path, "must have at most " + MAX_WINDOWS_PER_DAY + " windows"));
            return List.of();
        }
        var windows = new ArrayList<BusinessHours.Window>();
        var paths = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            String windowPath = path + "[" + i + "]";
            BusinessHours.Window window = window(windowPath, node.get(i), errors);
            if (window == null) {
                continue;
            }
            for (int j = 0; j < windows.size(); j++) {
                if (windows.get(j).overlaps(window)) {
                    errors.add(new FieldProblem(
                            windowPath, "overlaps " + paths.get(j) + "; windows of one day must not overlap"));
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

    private static BusinessHours.@Nullable Window window(String path, JsonNode node, List<FieldProblem> errors) {
        if (!node.isArray() || node.size() != 2) {
            errors.add(new FieldProblem(path, "must be a pair of times, e.g. [\"09:00\", \"18:00\"]"));
            return null;
        }
        LocalTime start = time(path + "[0]", node.get(0), false, errors);
        LocalTime end = time(path + "[1]", node.get(1), true, errors);
        if (start == null || end == null) {
            return null;
        }
        if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start)) {
            errors.add(new FieldProblem(
                    path,
                    "must end after it starts; a window cannot run past midnight, "
                            + "split it into two days (\"24:00\" ends a day)"));
            return null;
        }
        return new BusinessHours.Window(start, end);
    }

    private static @Nullable LocalTime time(String path, JsonNode node, boolean end, List<FieldProblem> errors) {
        if (node.isString() && end && node.stringValue().equals(END_OF_DAY)) {
            return LocalTime.MIDNIGHT;
        }
        if (!node.isString() || !TIME.matcher(node.stringValue()).matches()) {
            errors.add(new FieldProblem(
                    path,
                    end
                            ? "must be a time from \"00:01\" to \"24:00\" written HH:mm"
                            : "must be a time from \"00:00\" to \"23:59\" written HH:mm"));
            return null;
        }
        LocalTime time = LocalTime.parse(node.stringValue());
        if (end && time.equals(LocalTime.MIDNIGHT)) {
            errors.add(new FieldProblem(path, "cannot be \"00:00\"; write \"24:00\" for the end of the day"));
            return null;
        }
        return time;
    }

    private static Set<LocalDate> holidays(@Nullable JsonNode node, List<FieldProblem> errors) {
        var holidays = new TreeSet<LocalDate>();
        if (node == null || node.isNull()) {
            return holidays;
        }
        if (!node.isArray()) {
            errors.add(new FieldProblem("holidays", "must be a list of dates written YYYY-MM-DD"));
            return holidays;
        }
        if (node.size() > MAX_HOLIDAYS) {
            errors.add(new FieldProblem("holidays", "must list at most " + MAX_HOLIDAYS + " dates"));
            return holidays;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode date = node.get(i);
            LocalDate parsed =
                    date.isString() && DATE.matcher(date.stringValue()).matches() ? date(date.stringValue()) : null;
            if (parsed == null) {
                errors.add(new FieldProblem(
                        "holidays[" + i + "]", "must be a date written YYYY-MM-DD, between the years 1900 and 9999"));
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

    private static @Nullable DayOfWeek day(String key) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (dayKey(day).equals(key)) {
                return day;
            }
        }
        return null;
    }
}
