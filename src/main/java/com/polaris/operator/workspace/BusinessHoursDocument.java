package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shape of a schedule, {@code {"timezone", "weekly": {"mon": [["09:00","18:00"]], ...},
 * "holidays": ["2026-12-25"]}}: read strictly into {@link WeeklyHours} (every problem, of the JSON's
 * shape or of {@link BusinessHoursRules}, reported at once, each at its exact field path) and
 * written normalised (every day present, windows by start, holidays sorted), so what GET answers
 * can be PUT back unchanged.
 */
final class BusinessHoursDocument {

    private static final Set<String> FIELDS = Set.of("timezone", "weekly", "holidays");
    private static final String DAY_KEYS = "mon, tue, wed, thu, fri, sat, sun";

    private BusinessHoursDocument() {}

    /** The schedule {@code node} describes, or a 422 problem listing everything wrong with it. */
    static BusinessHours read(JsonNode node) {
        return BusinessHoursRules.check(weeklyHours(node));
    }

    /**
     * The command {@code node} describes, or a 422 problem listing everything wrong with it: the
     * rules are checked as the parts are read, so the problems come in the order they were written.
     */
    static WeeklyHours weeklyHours(JsonNode node) {
        if (!node.isObject()) {
            throw ApiProblem.invalid(
                    "The business hours are not valid.",
                    List.of(new FieldProblem("", "must be an object with timezone, weekly and holidays")));
        }
        var rules = new BusinessHoursRules();
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                rules.problem(name, "is not a known field; expected timezone, weekly, holidays");
            }
        }
        String timezone = timezone(node.get("timezone"), rules);
        Map<DayOfWeek, List<WeeklyHours.Interval>> days = weekly(node.get("weekly"), rules);
        List<String> holidays = holidays(node.get("holidays"), rules);
        rules.refuseIfAny();
        return new WeeklyHours(timezone, days, holidays);
    }

    static Map<String, Object> write(BusinessHours hours) {
        WeeklyHours written = WeeklyHours.of(hours);
        var weekly = new LinkedHashMap<String, Object>();
        written.days()
                .forEach((day, intervals) -> weekly.put(
                        WeeklyHours.key(day),
                        intervals.stream().map(i -> List.of(i.start(), i.end())).toList()));
        var document = new LinkedHashMap<String, Object>();
        document.put("timezone", written.timezone());
        document.put("weekly", weekly);
        document.put("holidays", written.holidays());
        return document;
    }

    private static String timezone(@Nullable JsonNode node, BusinessHoursRules rules) {
        if (node == null || node.isNull()) {
            rules.problem("timezone", "is required, e.g. \"Europe/Madrid\"");
            return "";
        }
        if (!node.isString()) {
            rules.problem("timezone", BusinessHoursRules.NOT_A_ZONE_NAME);
            return "";
        }
        rules.timezone(node.stringValue());
        return node.stringValue();
    }

    private static Map<DayOfWeek, List<WeeklyHours.Interval>> weekly(
            @Nullable JsonNode node, BusinessHoursRules rules) {
        var days = new LinkedHashMap<DayOfWeek, List<WeeklyHours.Interval>>();
        if (node == null || node.isNull()) {
            rules.problem("weekly", "is required: an object of days (" + DAY_KEYS + "); missing days are closed");
            return days;
        }
        if (!node.isObject()) {
            rules.problem("weekly", "must be an object of days (" + DAY_KEYS + ")");
            return days;
        }
        for (var entry : node.properties()) {
            String path = "weekly." + entry.getKey();
            DayOfWeek day = day(entry.getKey());
            if (day == null) {
                rules.problem(path, "is not a day; use " + DAY_KEYS);
                continue;
            }
            days.put(day, intervals(path, entry.getValue(), rules));
        }
        return days;
    }

    private static List<WeeklyHours.Interval> intervals(String path, JsonNode node, BusinessHoursRules rules) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            rules.problem(path, "must be a list of [start, end] windows, e.g. [[\"09:00\", \"18:00\"]]");
            return List.of();
        }
        var intervals = new ArrayList<WeeklyHours.@Nullable Interval>();
        for (JsonNode window : node) {
            intervals.add(
                    window.isArray() && window.size() == 2
                            ? new WeeklyHours.Interval(text(window.get(0)), text(window.get(1)))
                            : null);
        }
        rules.windows(path, intervals);
        return intervals.stream().filter(i -> i != null).toList();
    }

    private static List<String> holidays(@Nullable JsonNode node, BusinessHoursRules rules) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            rules.problem("holidays", "must be a list of dates written YYYY-MM-DD");
            return List.of();
        }
        var dates = new ArrayList<String>();
        node.forEach(date -> dates.add(text(date)));
        rules.holidays("holidays", dates);
        return dates;
    }

    /** A time or date as sent: a string's text, or the JSON of anything else (which no rule accepts). */
    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : node.toString();
    }

    private static @Nullable DayOfWeek day(String key) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (WeeklyHours.key(day).equals(key)) {
                return day;
            }
        }
        return null;
    }
}
