package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Problems;
import com.polaris.operator.workspace.BusinessHours.Window;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BusinessHoursDocumentTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    private static BusinessHours read(String json) {
        return BusinessHoursDocument.read(JSON.readTree(json));
    }

    private static ApiProblem problem(String json) {
        return catchThrowableOfType(ApiProblem.class, () -> read(json));
    }

    private static Map<String, String> errors(String json) {
        ApiProblem problem = problem(json);
        assertThat(problem).as("expected %s to be refused", json).isNotNull();
        assertThat(Problems.status(problem).value()).isEqualTo(422);
        return problem.errors().stream()
                .collect(Collectors.toMap(ApiProblem.FieldProblem::field, ApiProblem.FieldProblem::message));
    }

    private static String withWeekly(String weekly) {
        return "{\"timezone\": \"Europe/Madrid\", \"weekly\": " + weekly + "}";
    }

    @Test
    void readsTheDocumentedExample() {
        var hours = read("""
                {"timezone": "Europe/Madrid",
                 "weekly": {"mon": [["09:00","18:00"]], "tue": [["09:00","14:00"], ["15:00","18:00"]]},
                 "holidays": ["2026-12-25"]}""");
        assertThat(hours.timezone()).isEqualTo(ZoneId.of("Europe/Madrid"));
        assertThat(hours.windows(DayOfWeek.MONDAY))
                .containsExactly(new Window(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        assertThat(hours.windows(DayOfWeek.TUESDAY)).hasSize(2);
        assertThat(hours.holidays()).containsExactly(LocalDate.of(2026, 12, 25));
    }

    @Test
    void missingDaysAreClosed() {
        var hours = read(withWeekly("{\"sat\": [[\"10:00\", \"13:00\"]], \"sun\": null}"));
        assertThat(hours.weekly().keySet()).containsExactly(DayOfWeek.SATURDAY);
        assertThat(hours.holidays()).isEmpty();
    }

    @Test
    void anEmptyWeekIsAllowedAndNeverOpens() {
        var hours = read(withWeekly("{}"));
        assertThat(hours.weekly()).isEmpty();
        assertThat(hours.nextOpening(java.time.Instant.parse("2026-11-23T10:00:00Z")))
                .isEmpty();
    }

    @Test
    void twentyFourHundredEndsTheDay() {
        var hours = read(withWeekly("{\"fri\": [[\"18:00\", \"24:00\"]], \"sat\": [[\"00:00\", \"24:00\"]]}"));
        assertThat(hours.windows(DayOfWeek.FRIDAY).getFirst().endsAtMidnight()).isTrue();
        assertThat(hours.windows(DayOfWeek.SATURDAY).getFirst().endsAtMidnight())
                .isTrue();
    }

    @Test
    void writesEveryDayWindowsInOrderAndHolidaysSorted() {
        var hours = read("""
                {"timezone": "America/New_York",
                 "weekly": {"wed": [["15:00","24:00"], ["08:00","12:30"]]},
                 "holidays": ["2026-12-25", "2026-01-01", "2026-12-25"]}""");
        assertThat(JSON.writeValueAsString(BusinessHoursDocument.write(hours))).isEqualTo("""
                {"timezone":"America/New_York","weekly":{"mon":[],"tue":[],"wed":[["08:00","12:30"],["15:00","24:00"]],\
                "thu":[],"fri":[],"sat":[],"sun":[]},"holidays":["2026-01-01","2026-12-25"]}""");
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        var hours = read("""
                {"timezone": "Australia/Lord_Howe",
                 "weekly": {"mon": [["00:00","24:00"]], "sun": [["02:15","04:00"], ["22:00","23:59"]]},
                 "holidays": ["2026-04-05"]}""");
        assertThat(BusinessHoursDocument.read(JSON.valueToTree(BusinessHoursDocument.write(hours))))
                .isEqualTo(hours);
    }

    @Test
    void unknownTopLevelFieldsAreNamed() {
        assertThat(errors("{\"timezone\": \"UTC\", \"weekly\": {}, \"openOnSundays\": true, \"updatedAt\": 1}"))
                .containsOnlyKeys("openOnSundays", "updatedAt");
    }

    @Test
    void unknownDayKeysAreNamed() {
        assertThat(errors(withWeekly("{\"monday\": [], \"Tue\": [], \"wed\": []}")))
                .containsOnlyKeys("weekly.monday", "weekly.Tue");
    }

    @Test
    void anUnknownTimezoneIsRefused() {
        assertThat(errors("{\"timezone\": \"Mars/Olympus_Mons\", \"weekly\": {}}"))
                .containsOnlyKeys("timezone");
        assertThat(errors("{\"timezone\": \"\", \"weekly\": {}}")).containsOnlyKeys("timezone");
        assertThat(errors("{\"timezone\": 1, \"weekly\": {}}")).containsOnlyKeys("timezone");
    }

    @Test
    void timezoneAndWeeklyAreRequired() {
        assertThat(errors("{}")).containsOnlyKeys("timezone", "weekly");
        assertThat(errors("{\"timezone\": null, \"weekly\": null}")).containsOnlyKeys("timezone", "weekly");
    }

    @Test
    void anIntervalMustEndAfterItStarts() {
        var errors = errors(withWeekly("{\"mon\": [[\"18:00\", \"09:00\"]], \"tue\": [[\"09:00\", \"09:00\"]]}"));
        assertThat(errors).containsOnlyKeys("weekly.mon[0]", "weekly.tue[0]");
        assertThat(errors.get("weekly.mon[0]")).contains("end after it starts");
    }

    @Test
    void midnightAsAnEndMustBeWritten24() {
        assertThat(errors(withWeekly("{\"mon\": [[\"18:00\", \"00:00\"]]}"))).containsOnlyKeys("weekly.mon[0][1]");
    }

    @Test
    void twentyFourHundredCannotStartAWindow() {
        assertThat(errors(withWeekly("{\"mon\": [[\"24:00\", \"24:00\"]]}"))).containsOnlyKeys("weekly.mon[0][0]");
    }

    @Test
    void overlappingIntervalsOfOneDayAreRefusedAtTheLaterOne() {
        var errors = errors(
                withWeekly("{\"thu\": [[\"14:00\", \"18:00\"], [\"09:00\", \"13:00\"], [\"12:00\", \"15:00\"]]}"));
        assertThat(errors).containsOnlyKeys("weekly.thu[2]");
        assertThat(errors.get("weekly.thu[2]")).contains("weekly.thu[0]");
    }

    @Test
    void touchingIntervalsAreFine() {
        var hours = read(withWeekly("{\"thu\": [[\"09:00\", \"13:00\"], [\"13:00\", \"24:00\"]]}"));
        assertThat(hours.windows(DayOfWeek.THURSDAY)).hasSize(2);
    }

    @Test
    void malformedTimesAreNamedOneByOne() {
        var errors = errors(withWeekly("""
                {"mon": [["9:00", "18:00"]], "tue": [["09:00", "25:00"]], "wed": [["09:60", "18:00"]],
                 "thu": [[900, "18:00"]], "fri": [["09:00:00", "18:00"]], "sat": [["09:00", null]]}"""));
        assertThat(errors)
                .containsOnlyKeys(
                        "weekly.mon[0][0]",
                        "weekly.tue[0][1]",
                        "weekly.wed[0][0]",
                        "weekly.thu[0][0]",
                        "weekly.fri[0][0]",
                        "weekly.sat[0][1]");
    }

    @Test
    void anIntervalMustBeAPairOfTimes() {
        var errors = errors(withWeekly("""
                {"mon": [["09:00"]], "tue": [["09:00", "12:00", "18:00"]], "wed": ["09:00-18:00"],
                 "thu": "09:00-18:00", "fri": {"from": "09:00"}}"""));
        assertThat(errors)
                .containsOnlyKeys("weekly.mon[0]", "weekly.tue[0]", "weekly.wed[0]", "weekly.thu", "weekly.fri");
    }

    @Test
    void malformedDatesAreNamedByTheirIndex() {
        var errors = errors("""
                {"timezone": "UTC", "weekly": {},
                 "holidays": ["2026-12-25", "2026-02-30", "25/12/2026", 20261225, "2026-1-1", "+12026-01-01"]}""");
        assertThat(errors).containsOnlyKeys("holidays[1]", "holidays[2]", "holidays[3]", "holidays[4]", "holidays[5]");
    }

    @Test
    void holidaysMustBeAList() {
        assertThat(errors("{\"timezone\": \"UTC\", \"weekly\": {}, \"holidays\": \"2026-12-25\"}"))
                .containsOnlyKeys("holidays");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var errors = errors("""
                {"timezone": "Nowhere/Atlantis", "weekly": {"mon": [["18:00", "09:00"]], "funday": []},
                 "holidays": ["soon"], "extra": 1}""");
        assertThat(errors).containsOnlyKeys("timezone", "weekly.mon[0]", "weekly.funday", "holidays[0]", "extra");
    }

    @Test
    void atMostTenWindowsADay() {
        String eleven = IntStream.range(0, 11)
                .mapToObj(h -> "[\"%02d:00\", \"%02d:30\"]".formatted(h, h))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(errors(withWeekly("{\"mon\": " + eleven + "}"))).containsOnlyKeys("weekly.mon");
        String ten = IntStream.range(0, 10)
                .mapToObj(h -> "[\"%02d:00\", \"%02d:30\"]".formatted(h, h))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(read(withWeekly("{\"mon\": " + ten + "}")).windows(DayOfWeek.MONDAY))
                .hasSize(10);
    }

    @Test
    void atMost366Holidays() {
        String days = IntStream.range(0, 367)
                .mapToObj(i -> "\"" + LocalDate.of(2027, 1, 1).plusDays(i) + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(errors("{\"timezone\": \"UTC\", \"weekly\": {}, \"holidays\": " + days + "}"))
                .containsOnlyKeys("holidays");
    }

    @Test
    void theBodyMustBeAnObject() {
        assertThat(problem("[]").errors())
                .extracting(ApiProblem.FieldProblem::field)
                .containsExactly("");
        assertThat(problem("\"09:00-18:00\"").errors()).hasSize(1);
    }

    @Test
    void defaultsWriteAsMondayToFridayNineToSix() {
        var written = BusinessHoursDocument.write(BusinessHours.defaults(ZoneId.of("UTC")));
        assertThat(written.get("timezone")).isEqualTo("UTC");
        assertThat(written.get("weekly"))
                .isEqualTo(Map.of(
                        "mon",
                        List.of(List.of("09:00", "18:00")),
                        "tue",
                        List.of(List.of("09:00", "18:00")),
                        "wed",
                        List.of(List.of("09:00", "18:00")),
                        "thu",
                        List.of(List.of("09:00", "18:00")),
                        "fri",
                        List.of(List.of("09:00", "18:00")),
                        "sat",
                        List.of(),
                        "sun",
                        List.of()));
        assertThat(written.get("holidays")).isEqualTo(List.of());
    }
}
