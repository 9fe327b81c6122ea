package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Problems;
import com.polaris.operator.workspace.WeeklyHours.Interval;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The typed command the console and the API both build: checked by the same rules, named by the same paths. */
class WeeklyHoursTest {

    private static List<ApiProblem.FieldProblem> problems(WeeklyHours hours) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> BusinessHoursRules.check(hours));
        assertThat(problem).as("expected %s to be refused", hours).isNotNull();
        assertThat(Problems.status(problem).value()).isEqualTo(422);
        return problem.errors();
    }

    private static List<ApiProblem.FieldProblem> problems(String json) {
        ApiProblem problem = catchThrowableOfType(
                ApiProblem.class,
                () -> BusinessHoursDocument.weeklyHours(JsonMapper.shared().readTree(json)));
        assertThat(problem).as("expected %s to be refused", json).isNotNull();
        return problem.errors();
    }

    @Test
    void theWrittenFormOfAScheduleChecksBackToTheSameSchedule() {
        var hours = BusinessHoursDocument.read(JsonMapper.shared().readTree("""
                {"timezone": "Europe/Madrid",
                 "weekly": {"mon": [["09:00","14:00"], ["15:00","24:00"]], "sat": [["10:00","13:00"]]},
                 "holidays": ["2026-12-25", "2026-01-06"]}"""));
        var written = WeeklyHours.of(hours);
        assertThat(written.days().get(DayOfWeek.MONDAY))
                .containsExactly(new Interval("09:00", "14:00"), new Interval("15:00", "24:00"));
        assertThat(written.days().get(DayOfWeek.SUNDAY)).isEmpty();
        assertThat(written.holidays()).containsExactly("2026-01-06", "2026-12-25");
        assertThat(BusinessHoursRules.check(written)).isEqualTo(hours);
    }

    @Test
    void aCommandIsRefusedAtTheSamePathsAndInTheSameWordsAsTheJson() {
        var command = new WeeklyHours(
                "Nowhere/Atlantis",
                Map.of(
                        DayOfWeek.MONDAY,
                        List.of(new Interval("18:00", "09:00")),
                        DayOfWeek.TUESDAY,
                        List.of(new Interval("09:00", "13:00"), new Interval("12:00", "00:00"))),
                List.of("2026-12-25", "soon"));
        String json = """
                {"timezone": "Nowhere/Atlantis",
                 "weekly": {"mon": [["18:00", "09:00"]], "tue": [["09:00", "13:00"], ["12:00", "00:00"]]},
                 "holidays": ["2026-12-25", "soon"]}""";
        assertThat(problems(command))
                .extracting(ApiProblem.FieldProblem::field)
                .containsExactlyInAnyOrder("timezone", "weekly.mon[0]", "weekly.tue[1][1]", "holidays[1]");
        assertThat(problems(command)).containsExactlyInAnyOrderElementsOf(problems(json));
    }

    @Test
    void aWindowOverlappingAnEarlierOneIsNamedWithIt() {
        var command = new WeeklyHours(
                "UTC",
                Map.of(DayOfWeek.THURSDAY, List.of(new Interval("09:00", "13:00"), new Interval("12:00", "15:00"))),
                List.of());
        assertThat(problems(command))
                .containsExactly(new ApiProblem.FieldProblem(
                        "weekly.thu[1]", "overlaps weekly.thu[0]; windows of one day must not overlap"));
    }
}
