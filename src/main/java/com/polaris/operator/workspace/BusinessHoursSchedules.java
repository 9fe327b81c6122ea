package com.polaris.operator.workspace;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stored business-hours schedule of each workspace, in its API shape. */
@Component
public class BusinessHoursSchedules {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BusinessHoursSchedules(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    static void insertDefault(JdbcClient jdbc, String workspaceId, String timezone, Instant now) {
        jdbc.sql("insert into business_hours (workspace_id, schedule, updated_at) values (?, ?, ?)")
                .params(workspaceId, toJson(BusinessHours.defaults(ZoneId.of(timezone))), Timestamp.from(now))
                .update();
    }

    public BusinessHours of(String workspaceId) {
        String stored = jdbc.sql("select schedule from business_hours where workspace_id = ?")
                .param(workspaceId)
                .query(String.class)
                .optional()
                .orElse(null);
        return stored == null ? BusinessHours.defaults(ZoneId.of("UTC")) : fromJson(json.readTree(stored));
    }

    static BusinessHours fromJson(JsonNode node) {
        var weekly = new EnumMap<DayOfWeek, List<BusinessHours.Window>>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            JsonNode windows = node.path("weekly").path(dayKey(day));
            List<BusinessHours.Window> list = new ArrayList<>();
            for (JsonNode w : windows) {
                list.add(new BusinessHours.Window(LocalTime.parse(w.get(0).asString()), LocalTime.parse(w.get(1).asString())));
            }
            if (!list.isEmpty()) {
                weekly.put(day, list);
            }
        }
        var holidays = new TreeSet<LocalDate>();
        node.path("holidays").forEach(h -> holidays.add(LocalDate.parse(h.asString())));
        return new BusinessHours(ZoneId.of(node.path("timezone").asString("UTC")), weekly, holidays);
    }

    static String toJson(BusinessHours hours) {
        return JsonMapper.shared().writeValueAsString(toMap(hours));
    }

    static Map<String, Object> toMap(BusinessHours hours) {
        var weekly = new LinkedHashMap<String, Object>();
        for (DayOfWeek day : DayOfWeek.values()) {
            weekly.put(dayKey(day), hours.weekly().getOrDefault(day, List.of()).stream()
                    .map(w -> List.of(w.start().toString(), w.end().toString()))
                    .toList());
        }
        var map = new LinkedHashMap<String, Object>();
        map.put("timezone", hours.timezone().getId());
        map.put("weekly", weekly);
        map.put("holidays", new TreeSet<>(hours.holidays()).stream().map(LocalDate::toString).toList());
        return map;
    }

    static String dayKey(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }
}
