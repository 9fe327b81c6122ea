package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.workspace.BusinessHours.Window;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BusinessHoursTest {

    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    private static Window window(String start, String end) {
        return end.equals("24:00")
                ? Window.untilMidnight(LocalTime.parse(start))
                : new Window(LocalTime.parse(start), LocalTime.parse(end));
    }

    private static BusinessHours hours(ZoneId zone, Map<DayOfWeek, List<Window>> weekly, LocalDate... holidays) {
        return new BusinessHours(zone, weekly, Set.of(holidays));
    }

    /** Open on Sundays only, from {@code start} to {@code end}: the day of most daylight-saving changes. */
    private static BusinessHours sundaysOnly(ZoneId zone, String start, String end) {
        return hours(zone, Map.of(DayOfWeek.SUNDAY, List.of(window(start, end))));
    }

    private static BusinessHours everyDay(ZoneId zone, Window... windows) {
        var weekly = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            weekly.put(day, List.of(windows));
        }
        return new BusinessHours(zone, weekly, Set.of());
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    private static Instant utc(String instant) {
        return Instant.parse(instant);
    }

    @Nested
    class OrdinaryWeeks {

        private final BusinessHours madrid = BusinessHours.defaults(MADRID);

        @Test
        void defaultsAreOpenMondayToFridayFromNineToSixInTheWorkspaceZone() {
            // Monday 2026-11-23; Madrid is UTC+1 in winter
            assertThat(madrid.isOpen(utc("2026-11-23T08:00:00Z"))).isTrue();
            assertThat(madrid.isOpen(utc("2026-11-23T07:59:59Z"))).isFalse();
            assertThat(madrid.isOpen(utc("2026-11-23T16:59:59Z"))).isTrue();
            assertThat(madrid.isOpen(utc("2026-11-23T17:00:00Z"))).isFalse();
            assertThat(madrid.isOpen(at("2026-11-27T12:00", MADRID)))
                    .as("Friday")
                    .isTrue();
            assertThat(madrid.isOpen(at("2026-11-28T12:00", MADRID)))
                    .as("Saturday")
                    .isFalse();
            assertThat(madrid.isOpen(at("2026-11-29T12:00", MADRID)))
                    .as("Sunday")
                    .isFalse();
        }

        @Test
        void nextOpeningWhileOpenIsNow() {
            Instant now = at("2026-11-25T10:17:03", MADRID);
            assertThat(madrid.nextOpening(now)).contains(now);
        }

        @Test
        void beforeOpeningTheDayOpensAtNine() {
            assertThat(madrid.nextOpening(at("2026-11-25T06:30", MADRID))).contains(at("2026-11-25T09:00", MADRID));
        }

        @Test
        void fridayEveningWaitsForMondayMorning() {
            assertThat(madrid.nextOpening(at("2026-11-27T18:00", MADRID))).contains(at("2026-11-30T09:00", MADRID));
        }

        @Test
        void sundayNightRollsOverToMonday() {
            assertThat(madrid.nextOpening(at("2026-11-29T23:59:59", MADRID))).contains(at("2026-11-30T09:00", MADRID));
        }

        @Test
        void sundayWindowAfterSaturdayRollsFromTheEndOfTheWeek() {
            var sundayOnly = sundaysOnly(MADRID, "10:00", "12:00");
            assertThat(sundayOnly.nextOpening(at("2026-11-29T12:00", MADRID))).contains(at("2026-12-06T10:00", MADRID));
            assertThat(sundayOnly.nextOpening(at("2026-11-30T00:00", MADRID))).contains(at("2026-12-06T10:00", MADRID));
        }

        @Test
        void theSameWallClockHoursMeanDifferentInstantsInDifferentZones() {
            var newYork = BusinessHours.defaults(NEW_YORK);
            Instant mondayMorningInMadrid = at("2026-11-23T09:00", MADRID);
            assertThat(newYork.isOpen(mondayMorningInMadrid)).isFalse();
            assertThat(newYork.nextOpening(mondayMorningInMadrid)).contains(utc("2026-11-23T14:00:00Z"));
        }

        @Test
        void aFixedOffsetZoneWorksToo() {
            var plusThree = BusinessHours.defaults(ZoneOffset.ofHours(3));
            assertThat(plusThree.isOpen(utc("2026-11-23T06:00:00Z"))).isTrue();
            assertThat(plusThree.nextOpening(utc("2026-11-27T15:00:00Z"))).contains(utc("2026-11-30T06:00:00Z"));
        }
    }

    @Nested
    class SeveralWindows {

        private final BusinessHours split =
                hours(MADRID, Map.of(DayOfWeek.MONDAY, List.of(window("14:00", "18:00"), window("09:00", "13:00"))));

        @Test
        void windowsGivenInAnyOrderAreAllOpen() {
            assertThat(split.isOpen(at("2026-11-23T09:00", MADRID))).isTrue();
            assertThat(split.isOpen(at("2026-11-23T12:59:59", MADRID))).isTrue();
            assertThat(split.isOpen(at("2026-11-23T14:00", MADRID))).isTrue();
            assertThat(split.isOpen(at("2026-11-23T17:59", MADRID))).isTrue();
        }

        @Test
        void theLunchBreakIsClosedAndOpensAtTheSecondWindow() {
            assertThat(split.isOpen(at("2026-11-23T13:00", MADRID))).isFalse();
            assertThat(split.nextOpening(at("2026-11-23T13:30", MADRID))).contains(at("2026-11-23T14:00", MADRID));
        }

        @Test
        void beforeTheDayTheEarliestWindowOpensFirst() {
            assertThat(split.nextOpening(at("2026-11-22T20:00", MADRID))).contains(at("2026-11-23T09:00", MADRID));
        }

        @Test
        void windowsAreKeptEarliestFirst() {
            assertThat(split.windows(DayOfWeek.MONDAY))
                    .extracting(Window::start)
                    .containsExactly(LocalTime.of(9, 0), LocalTime.of(14, 0));
        }
    }

    @Nested
    class EndOfDay {

        private final BusinessHours evenings = hours(
                MADRID,
                Map.of(
                        DayOfWeek.MONDAY, List.of(window("20:00", "24:00")),
                        DayOfWeek.TUESDAY, List.of(window("00:00", "02:00"))));

        @Test
        void aWindowEndingAt24IsOpenUntilTheLastInstantOfTheDay() {
            assertThat(evenings.isOpen(at("2026-11-23T20:00", MADRID))).isTrue();
            assertThat(evenings.isOpen(at("2026-11-23T23:59:59.999999999", MADRID)))
                    .isTrue();
            assertThat(evenings.isOpen(at("2026-11-23T19:59:59", MADRID))).isFalse();
        }

        @Test
        void aWindowEndingAt24JoinsTheNextDaysWindowFromMidnight() {
            assertThat(evenings.isOpen(at("2026-11-24T00:00", MADRID))).isTrue();
            assertThat(evenings.isOpen(at("2026-11-24T01:59", MADRID))).isTrue();
            assertThat(evenings.isOpen(at("2026-11-24T02:00", MADRID))).isFalse();
            assertThat(evenings.nextOpening(at("2026-11-24T02:00", MADRID))).contains(at("2026-11-30T20:00", MADRID));
        }

        @Test
        void aWholeDayIsMidnightToMidnight() {
            var allDay = everyDay(MADRID, window("00:00", "24:00"));
            assertThat(allDay.isOpen(at("2026-11-23T00:00", MADRID))).isTrue();
            assertThat(allDay.isOpen(at("2026-11-23T23:59:59", MADRID))).isTrue();
        }

        @Test
        void aWindowThatEndsAt24KnowsIt() {
            assertThat(window("20:00", "24:00").endsAtMidnight()).isTrue();
            assertThat(window("20:00", "23:59").endsAtMidnight()).isFalse();
        }
    }

    @Nested
    class InvalidWindows {

        @Test
        void aWindowCannotRunOvernight() {
            assertThatThrownBy(() -> new Window(LocalTime.of(22, 0), LocalTime.of(2, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aWindowCannotBeEmpty() {
            assertThatThrownBy(() -> new Window(LocalTime.of(9, 0), LocalTime.of(9, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void touchingWindowsDoNotOverlapButSharedTimeDoes() {
            assertThat(window("09:00", "12:00").overlaps(window("12:00", "13:00")))
                    .isFalse();
            assertThat(window("09:00", "12:00").overlaps(window("11:59", "13:00")))
                    .isTrue();
            assertThat(window("20:00", "24:00").overlaps(window("23:00", "23:30")))
                    .isTrue();
            assertThat(window("10:00", "11:00").overlaps(window("09:00", "24:00")))
                    .isTrue();
        }
    }

    @Nested
    class Holidays {

        private final BusinessHours christmas = new BusinessHours(
                MADRID,
                BusinessHours.defaults(MADRID).weekly(),
                Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28")));

        @Test
        void aHolidayIsClosedAllDay() {
            assertThat(christmas.isOpen(at("2026-12-25T10:00", MADRID))).isFalse();
            assertThat(christmas.isOpen(at("2026-12-24T10:00", MADRID))).isTrue();
        }

        @Test
        void holidaysAreSkippedWhenLookingForTheNextOpening() {
            assertThat(christmas.nextOpening(at("2026-12-24T18:00", MADRID))).contains(at("2026-12-29T09:00", MADRID));
        }

        @Test
        void aHolidayIsADateOfTheWorkspaceZoneNotOfUtc() {
            var allDay = new BusinessHours(
                    NEW_YORK,
                    everyDay(NEW_YORK, window("00:00", "24:00")).weekly(),
                    Set.of(LocalDate.parse("2026-12-25")));
            assertThat(allDay.isOpen(utc("2026-12-25T03:00:00Z")))
                    .as("still Christmas Eve in New York")
                    .isTrue();
            assertThat(allDay.isOpen(utc("2026-12-25T06:00:00Z"))).isFalse();
            assertThat(allDay.nextOpening(utc("2026-12-25T06:00:00Z"))).contains(utc("2026-12-26T05:00:00Z"));
        }

        @Test
        void manyHolidaysInARowAreAllSkipped() {
            var mondays = Stream.iterate(LocalDate.parse("2026-11-30"), d -> d.plusWeeks(1))
                    .limit(60)
                    .toArray(LocalDate[]::new);
            var mondaysOnly = hours(MADRID, Map.of(DayOfWeek.MONDAY, List.of(window("09:00", "10:00"))), mondays);
            assertThat(mondaysOnly.nextOpening(at("2026-11-24T12:00", MADRID)))
                    .contains(at("2026-11-30T09:00", MADRID)
                            .atZone(MADRID)
                            .plusWeeks(60)
                            .toInstant());
        }
    }

    @Nested
    class EmptySchedule {

        private final BusinessHours closed = hours(MADRID, Map.of(), LocalDate.parse("2026-12-25"));

        @Test
        void anEmptyScheduleIsNeverOpen() {
            assertThat(closed.isOpen(at("2026-11-23T10:00", MADRID))).isFalse();
        }

        @Test
        void anEmptyScheduleHasNoNextOpening() {
            assertThat(closed.nextOpening(at("2026-11-23T10:00", MADRID))).isEmpty();
        }

        @Test
        void daysGivenWithNoWindowsAreClosedDays() {
            var noWindows = hours(MADRID, Map.of(DayOfWeek.MONDAY, List.of()));
            assertThat(noWindows.weekly()).isEmpty();
            assertThat(noWindows.nextOpening(at("2026-11-23T10:00", MADRID))).isEmpty();
        }
    }

    @Nested
    class MadridSpringForward {
        // Sunday 2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST (01:00Z)

        @Test
        void aWindowStartingInTheGapOpensWhenTheGapEnds() {
            var sunday = sundaysOnly(MADRID, "02:30", "05:00");
            Instant opens = sunday.nextOpening(at("2026-03-28T12:00", MADRID)).orElseThrow();
            assertThat(opens).isEqualTo(utc("2026-03-29T01:00:00Z"));
            assertThat(opens.atZone(MADRID).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
            assertThat(sunday.isOpen(opens)).isTrue();
            assertThat(sunday.isOpen(opens.minusNanos(1))).isFalse();
            assertThat(sunday.isOpen(utc("2026-03-29T02:59:59Z"))).isTrue();
            assertThat(sunday.isOpen(utc("2026-03-29T03:00:00Z"))).isFalse();
        }

        @Test
        void aWindowStartingExactlyAtTheGapOpensWhenTheGapEnds() {
            var sunday = sundaysOnly(MADRID, "02:00", "04:00");
            assertThat(sunday.nextOpening(at("2026-03-29T00:00", MADRID))).contains(utc("2026-03-29T01:00:00Z"));
        }

        @Test
        void aWindowWhollyInsideTheGapDoesNotOpenThatDay() {
            var sunday = sundaysOnly(MADRID, "02:10", "02:50");
            assertThat(sunday.isOpen(utc("2026-03-29T01:00:00Z"))).isFalse();
            assertThat(sunday.nextOpening(at("2026-03-28T12:00", MADRID)))
                    .contains(at("2026-04-05T02:10", MADRID))
                    .contains(utc("2026-04-05T00:10:00Z"));
        }

        @Test
        void aWindowEndingInTheGapClosesWithTheGap() {
            var sunday = sundaysOnly(MADRID, "01:00", "02:30");
            assertThat(sunday.isOpen(utc("2026-03-29T00:59:59Z")))
                    .as("01:59:59 CET")
                    .isTrue();
            assertThat(sunday.isOpen(utc("2026-03-29T01:00:00Z")))
                    .as("03:00 CEST")
                    .isFalse();
        }

        @Test
        void theWorkdaysAfterTheChangeOpenAnHourEarlierInUtc() {
            var madrid = BusinessHours.defaults(MADRID);
            assertThat(madrid.nextOpening(at("2026-03-27T18:30", MADRID))).contains(utc("2026-03-30T07:00:00Z"));
            assertThat(madrid.nextOpening(at("2026-03-26T18:30", MADRID))).contains(utc("2026-03-27T08:00:00Z"));
            assertThat(madrid.isOpen(utc("2026-03-30T15:59:59Z"))).isTrue();
            assertThat(madrid.isOpen(utc("2026-03-30T16:00:00Z"))).isFalse();
        }

        @Test
        void theDayOfTheChangeIsAnHourShorterButTheWindowKeepsItsWallClockEnd() {
            var sunday = sundaysOnly(MADRID, "00:00", "24:00");
            assertThat(sunday.isOpen(utc("2026-03-29T21:59:59Z"))).isTrue();
            assertThat(sunday.isOpen(utc("2026-03-29T22:00:00Z")))
                    .as("Monday 00:00 CEST")
                    .isFalse();
        }
    }

    @Nested
    class MadridFallBack {
        // Sunday 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET (01:00Z); 02:00-03:00 happens twice

        @Test
        void anAmbiguousStartOpensAtTheEarlierOffset() {
            var sunday = sundaysOnly(MADRID, "02:30", "04:00");
            assertThat(sunday.nextOpening(at("2026-10-24T12:00", MADRID))).contains(utc("2026-10-25T00:30:00Z"));
        }

        @Test
        void theRepeatedHourIsReadOnTheWallClock() {
            var sunday = sundaysOnly(MADRID, "02:30", "04:00");
            assertThat(sunday.isOpen(utc("2026-10-25T00:45:00Z")))
                    .as("02:45 CEST")
                    .isTrue();
            assertThat(sunday.isOpen(utc("2026-10-25T01:15:00Z")))
                    .as("02:15 CET")
                    .isFalse();
            assertThat(sunday.isOpen(utc("2026-10-25T01:30:00Z")))
                    .as("02:30 CET")
                    .isTrue();
            assertThat(sunday.nextOpening(utc("2026-10-25T01:05:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
        }

        @Test
        void aShortWindowInTheRepeatedHourOpensTwice() {
            var sunday = sundaysOnly(MADRID, "02:30", "02:45");
            assertThat(sunday.nextOpening(utc("2026-10-25T00:00:00Z"))).contains(utc("2026-10-25T00:30:00Z"));
            assertThat(sunday.nextOpening(utc("2026-10-25T00:50:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
            assertThat(sunday.nextOpening(utc("2026-10-25T01:50:00Z"))).contains(at("2026-11-01T02:30", MADRID));
        }

        @Test
        void whenTheClockGoesBackIntoAWindowItOpensAtTheChange() {
            var sunday = sundaysOnly(MADRID, "01:00", "02:30");
            assertThat(sunday.isOpen(utc("2026-10-25T00:40:00Z")))
                    .as("02:40 CEST")
                    .isFalse();
            assertThat(sunday.nextOpening(utc("2026-10-25T00:40:00Z"))).contains(utc("2026-10-25T01:00:00Z"));
        }

        @Test
        void theWorkdaysAfterTheChangeOpenAnHourLaterInUtc() {
            var madrid = BusinessHours.defaults(MADRID);
            assertThat(madrid.nextOpening(at("2026-10-23T18:30", MADRID))).contains(utc("2026-10-26T08:00:00Z"));
        }
    }

    @Nested
    class NewYork {
        // 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z)

        @Test
        void springForwardMovesMondayMorningAnHourEarlierInUtc() {
            var newYork = BusinessHours.defaults(NEW_YORK);
            assertThat(newYork.nextOpening(at("2026-03-06T18:00", NEW_YORK))).contains(utc("2026-03-09T13:00:00Z"));
        }

        @Test
        void aWindowStartingInTheSpringGapOpensAtThree() {
            var sunday = sundaysOnly(NEW_YORK, "02:00", "03:30");
            assertThat(sunday.nextOpening(at("2026-03-07T12:00", NEW_YORK))).contains(utc("2026-03-08T07:00:00Z"));
            assertThat(sunday.isOpen(utc("2026-03-08T07:29:59Z"))).isTrue();
            assertThat(sunday.isOpen(utc("2026-03-08T07:30:00Z"))).isFalse();
        }

        @Test
        void fallBackOpensTheRepeatedHalfHourTwice() {
            var sunday = sundaysOnly(NEW_YORK, "01:30", "02:00");
            assertThat(sunday.nextOpening(at("2026-10-31T12:00", NEW_YORK))).contains(utc("2026-11-01T05:30:00Z"));
            assertThat(sunday.isOpen(utc("2026-11-01T06:15:00Z")))
                    .as("01:15 EST")
                    .isFalse();
            assertThat(sunday.nextOpening(utc("2026-11-01T06:15:00Z"))).contains(utc("2026-11-01T06:30:00Z"));
        }

        @Test
        void fallBackMovesMondayMorningAnHourLaterInUtc() {
            var newYork = BusinessHours.defaults(NEW_YORK);
            assertThat(newYork.nextOpening(at("2026-10-30T18:00", NEW_YORK))).contains(utc("2026-11-02T14:00:00Z"));
        }
    }

    @Nested
    class HalfHourDaylightSaving {
        // Lord Howe Island: 2026-04-05 02:00 +11 -> 01:30 +10:30; 2026-10-04 02:00 +10:30 -> 02:30 +11

        @Test
        void aStartInTheHalfHourGapOpensAtHalfPastTwo() {
            var sunday = sundaysOnly(LORD_HOWE, "02:15", "04:00");
            Instant opens =
                    sunday.nextOpening(at("2026-10-03T12:00", LORD_HOWE)).orElseThrow();
            assertThat(opens).isEqualTo(utc("2026-10-03T15:30:00Z"));
            assertThat(opens.atZone(LORD_HOWE).toLocalTime()).isEqualTo(LocalTime.of(2, 30));
        }

        @Test
        void aStartInTheRepeatedHalfHourOpensAtTheEarlierOffsetThenAgain() {
            var sunday = sundaysOnly(LORD_HOWE, "01:45", "02:30");
            assertThat(sunday.nextOpening(at("2026-04-04T12:00", LORD_HOWE))).contains(utc("2026-04-04T14:45:00Z"));
            assertThat(sunday.isOpen(utc("2026-04-04T15:05:00Z")))
                    .as("01:35 +10:30")
                    .isFalse();
            assertThat(sunday.nextOpening(utc("2026-04-04T15:05:00Z"))).contains(utc("2026-04-04T15:15:00Z"));
        }
    }

    @Nested
    class AgreesWithTheWallClockMinuteByMinute {

        static Stream<Arguments> zonesAndDays() {
            return Stream.of(
                    Arguments.of("Europe/Madrid", "2026-03-26"),
                    Arguments.of("Europe/Madrid", "2026-10-22"),
                    Arguments.of("America/New_York", "2026-03-05"),
                    Arguments.of("America/New_York", "2026-10-29"),
                    Arguments.of("Australia/Lord_Howe", "2026-04-02"),
                    Arguments.of("Australia/Lord_Howe", "2026-10-01"),
                    // Samoa skipped Friday 2011-12-30 altogether
                    Arguments.of("Pacific/Apia", "2011-12-27"),
                    // clocks changed at midnight: the gap and the overlap cross from one day into the next
                    Arguments.of("America/Sao_Paulo", "2018-11-01"),
                    Arguments.of("America/Sao_Paulo", "2019-02-14"),
                    Arguments.of("Asia/Beirut", "2019-03-28"),
                    Arguments.of("Asia/Beirut", "2019-10-24"));
        }

        private static BusinessHours tricky(ZoneId zone) {
            var weekly = new EnumMap<DayOfWeek, List<Window>>(DayOfWeek.class);
            weekly.put(DayOfWeek.MONDAY, List.of(window("09:00", "18:00")));
            weekly.put(DayOfWeek.TUESDAY, List.of(window("13:00", "14:00"), window("00:00", "00:30")));
            weekly.put(DayOfWeek.WEDNESDAY, List.of(window("23:30", "24:00")));
            weekly.put(DayOfWeek.FRIDAY, List.of(window("09:00", "17:00")));
            weekly.put(DayOfWeek.SATURDAY, List.of(window("00:00", "00:15"), window("23:15", "24:00")));
            weekly.put(
                    DayOfWeek.SUNDAY,
                    List.of(
                            window("00:10", "00:40"),
                            window("01:10", "01:40"),
                            window("02:10", "02:50"),
                            window("02:55", "03:20"),
                            window("23:45", "24:00")));
            return new BusinessHours(zone, weekly, Set.of());
        }

        /** The first whole minute at or after {@code from} at which the schedule is open, found by looking at every minute. */
        private static Optional<Instant> firstOpenMinute(BusinessHours hours, Instant from) {
            if (hours.isOpen(from)) {
                return Optional.of(from);
            }
            Instant minute = from.truncatedTo(ChronoUnit.MINUTES);
            if (minute.isBefore(from)) {
                minute = minute.plus(Duration.ofMinutes(1));
            }
            for (int i = 0; i < 60 * 24 * 10; i++, minute = minute.plus(Duration.ofMinutes(1))) {
                if (hours.isOpen(minute)) {
                    return Optional.of(minute);
                }
            }
            return Optional.empty();
        }

        @ParameterizedTest(name = "{0} from {1}")
        @MethodSource("zonesAndDays")
        void nextOpeningIsTheFirstOpenMinuteAcrossADaylightSavingChange(String zoneName, String day) {
            ZoneId zone = ZoneId.of(zoneName);
            BusinessHours hours = tricky(zone);
            Instant start = LocalDate.parse(day).atStartOfDay(zone).toInstant();
            for (Instant t = start;
                    t.isBefore(start.plus(Duration.ofDays(5)));
                    t = t.plus(Duration.ofSeconds(7 * 60 + 13))) {
                assertThat(hours.nextOpening(t))
                        .as("next opening after %s (%s)", t, t.atZone(zone))
                        .isEqualTo(firstOpenMinute(hours, t));
            }
        }
    }
}
