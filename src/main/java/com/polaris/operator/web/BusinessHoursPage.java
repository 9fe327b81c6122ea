package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The settings' first tab: the workspace's business hours, one line of windows per day, and its holidays. */
@Controller
class BusinessHoursPage {

    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Map<String, String> DAY_NAMES = Map.of(
            "mon",
            "Monday",
            "tue",
            "Tuesday",
            "wed",
            "Wednesday",
            "thu",
            "Thursday",
            "fri",
            "Friday",
            "sat",
            "Saturday",
            "sun",
            "Sunday");
    private static final String HOURS_FORM = "hours-form";
    private static final Pattern WINDOW =
            Pattern.compile("\\s*([0-9]{1,2}:[0-9]{2})\\s*[-–]\\s*([0-9]{1,2}:[0-9]{2})\\s*");

    private final BusinessHoursSchedules schedules;
    private final JsonMapper json;

    BusinessHoursPage(BusinessHoursSchedules schedules, JsonMapper json) {
        this.schedules = schedules;
        this.json = json;
    }

    record Day(String key, String name, String windows) {

        public String inputId() {
            return "day-" + key;
        }
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/hours";
    }

    @GetMapping("/settings/hours")
    String hours(ConsoleMember me, Model model) {
        JsonNode document = json.valueToTree(schedules.document(me.workspaceId()));
        var days = new ArrayList<Day>();
        for (String key : DAYS) {
            var windows = new ArrayList<String>();
            document.path("weekly")
                    .path(key)
                    .forEach(w ->
                            windows.add(w.get(0).asString() + "-" + w.get(1).asString()));
            days.add(new Day(key, DAY_NAMES.get(key), String.join(", ", windows)));
        }
        var holidays = new ArrayList<String>();
        document.path("holidays").forEach(h -> holidays.add(h.asString()));
        return hoursPage(
                document.path("timezone").asString(), days, String.join("\n", holidays), FormErrors.none(), model);
    }

    @PostMapping("/settings/hours")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveHours(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        var fields =
                new ArrayList<FormErrors.Field>(List.of(new FormErrors.Field("timezone", "timezone", "Time zone")));
        DAYS.forEach(key -> fields.add(new FormErrors.Field("day." + key, "day-" + key, DAY_NAMES.get(key))));
        fields.add(new FormErrors.Field("holidays", "holidays", "Holidays"));
        var errors = new FormErrors(HOURS_FORM, fields).checkText(params);
        ObjectNode document = json.createObjectNode();
        String timezone = params.getOrDefault("timezone", "");
        if (timezone.isBlank()) {
            errors.add("timezone", "is required, such as Europe/Madrid or UTC");
        }
        document.put("timezone", timezone.trim());
        ObjectNode weekly = document.putObject("weekly");
        for (String key : DAYS) {
            var windows = weekly.putArray(key);
            String text = params.getOrDefault("day." + key, "").trim();
            if (text.isEmpty()) {
                continue;
            }
            for (String part : text.split(",")) {
                var match = WINDOW.matcher(part);
                if (!match.matches()) {
                    errors.addSentence(
                            "day." + key, DAY_NAMES.get(key) + ": write the hours like 09:00-13:00, 14:00-18:00");
                    break;
                }
                windows.addArray().add(pad(match.group(1))).add(pad(match.group(2)));
            }
        }
        var holidays = document.putArray("holidays");
        List<String> dates = Arrays.stream(params.getOrDefault("holidays", "").split("[\\s,]+"))
                .filter(h -> !h.isBlank())
                .toList();
        dates.forEach(holidays::add);
        if (errors.isEmpty()) {
            try {
                schedules.replace(me.caller(), document);
                flash.addFlashAttribute("notice", "Business hours saved.");
                return "redirect:/settings/hours";
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                for (var e : problem.errors()) {
                    String field = e.field();
                    String words = FormErrors.plain(e.message());
                    if (field.startsWith("weekly.") && field.length() >= 10) {
                        errors.add("day." + field.substring(7, 10), words);
                    } else if (field.startsWith("holidays[")) {
                        int i = Integer.parseInt(field.substring(9, field.indexOf(']')));
                        errors.addSentence("holidays", "Holidays: “" + dates.get(i) + "” " + words);
                    } else {
                        errors.add(field, words);
                    }
                }
                if (problem.errors().isEmpty()) {
                    errors.addToForm(String.valueOf(problem.getMessage()));
                }
            }
        }
        var days = DAYS.stream()
                .map(key -> new Day(key, DAY_NAMES.get(key), params.getOrDefault("day." + key, "")))
                .toList();
        return hoursPage(timezone, days, params.getOrDefault("holidays", ""), errors, model);
    }

    private String hoursPage(String timezone, List<Day> days, String holidays, FormErrors errors, Model model) {
        model.addAttribute("section", "hours");
        model.addAttribute("timezone", timezone);
        model.addAttribute("days", days);
        model.addAttribute("holidays", holidays);
        model.addAttribute("errors", errors);
        return "settings-hours";
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }
}
