package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Dates from outside lie between the years 1900 and 9999, for dates and instants alike. */
class SaneDatesTest {

    @Property(tries = 1000)
    void aDateIsSaneExactlyWhenItsYearIsFrom1900To9999(
            @ForAll @IntRange(min = -5000, max = 20000) int year, @ForAll @IntRange(min = 1, max = 365) int day) {
        LocalDate date = LocalDate.ofYearDay(year, day);
        assertThat(SaneDates.isSane(date)).isEqualTo(year >= 1900 && year <= 9999);
    }

    @Property(tries = 1000)
    void anInstantIsSaneExactlyWhenItsUtcDateIs(
            @ForAll @LongRange(min = -200_000_000_000L, max = 400_000_000_000L) long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        assertThat(SaneDates.isSane(instant)).isEqualTo(SaneDates.isSane(LocalDate.ofInstant(instant, ZoneOffset.UTC)));
    }
}
