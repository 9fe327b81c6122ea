package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.WeeklyHours;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The settings' first tab: the workspace's business hours, one line of windows per day, and its holidays. */
@Controller
@RequiredArgsConstructor
class BusinessHoursPage {

    private static final String HOURS_FORM = "hours-form";
    private static final Pattern WINDOW =
            Pattern.compile("\\s*([0-9]{1,2}:[0-9]{2})\\s*[-–]\\s*([0-9]{1,2}:[0-9]{2})\\s*");

    private final BusinessHoursSchedules schedules;

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
        WeeklyHours hours = WeeklyHours.of(schedules.of(me.workspaceId()));
        var days = new ArrayList<Day>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String windows = hours.days().getOrDefault(day, List.of()).stream()
                    .map(w -> w.start() + "-" + w.end())
                    .collect(Collectors.joining(", "));
            days.add(new Day(WeeklyHours.key(day), name(day), windows));
        }
        return hoursPage(hours.timezone(), days, String.join("\n", hours.holidays()), FormErrors.none(), model);
    }

    /**
     * Saves the business hours as typed: each day's windows like {@code 09:00-13:00, 14:00-18:00},
     * holidays one per line. The service checks them as it checks the API's; its problems come
     * back beside the day or the holiday they are about.
     */
    @PostMapping("/settings/hours")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveHours(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        var fields =
                new ArrayList<FormErrors.Field>(List.of(new FormErrors.Field("timezone", "timezone", "Time zone")));
        for (DayOfWeek day : DayOfWeek.values()) {
            String key = WeeklyHours.key(day);
            fields.add(new FormErrors.Field("day." + key, "day-" + key, name(day)));
        }
        fields.add(new FormErrors.Field("holidays", "holidays", "Holidays"));
        var errors = new FormErrors(HOURS_FORM, fields).checkText(params);
        String timezone = params.getOrDefault("timezone", "");
        if (timezone.isBlank()) {
            errors.add("timezone", "is required, such as Europe/Madrid or UTC");
        }
        var weekly = new LinkedHashMap<DayOfWeek, List<WeeklyHours.Interval>>();
        for (DayOfWeek day : DayOfWeek.values()) {
            var windows = new ArrayList<WeeklyHours.Interval>();
            weekly.put(day, windows);
            String text = params.getOrDefault("day." + WeeklyHours.key(day), "").trim();
            if (text.isEmpty()) {
                continue;
            }
            for (String part : text.split(",")) {
                var match = WINDOW.matcher(part);
                if (!match.matches()) {
                    errors.addSentence(
                            "day." + WeeklyHours.key(day),
                            name(day) + ": write the hours like 09:00-13:00, 14:00-18:00");
                    break;
                }
                windows.add(new WeeklyHours.Interval(pad(match.group(1)), pad(match.group(2))));
            }
        }
        List<String> dates = Arrays.stream(params.getOrDefault("holidays", "").split("[\\s,]+"))
                .filter(h -> !h.isBlank())
                .toList();
        if (errors.isEmpty()) {
            try {
                schedules.replace(me.caller(), new WeeklyHours(timezone.trim(), weekly, dates));
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
        var days = Arrays.stream(DayOfWeek.values())
                .map(day -> new Day(
                        WeeklyHours.key(day), name(day), params.getOrDefault("day." + WeeklyHours.key(day), "")))
                .toList();
        return hoursPage(timezone, days, params.getOrDefault("holidays", ""), errors, model);
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
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
