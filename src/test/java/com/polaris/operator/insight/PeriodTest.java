package com.polaris.operator.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.api.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a period is read from the query: dates as whole UTC days, defaults, and what is refused. */
class PeriodTest {

    static final Instant NOW = Instant.parse("2026-12-03T04:45:00Z");

    @Test
    void noParametersMeanTheLastThirtyDays() {
        assertThat(Period.parse(null, null, NOW)).isEqualTo(new Period(NOW.minus(Duration.ofDays(30)), NOW));
        assertThat(Period.parse("", " ", NOW)).isEqualTo(new Period(NOW.minus(Duration.ofDays(30)), NOW));
    }

    @Test
    void datesAreWholeDaysInUtcAndInstantsAreExact() {
        assertThat(Period.parse("2026-11-01", "2026-11-30", NOW))
                .isEqualTo(new Period(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(Period.parse("2026-11-01T08:30:00Z", "2026-11-01T10:00:00+01:00", NOW))
                .isEqualTo(new Period(Instant.parse("2026-11-01T08:30:00Z"), Instant.parse("2026-11-01T09:00:00Z")));
        assertThat(Period.parse(null, "2026-11-30", NOW).from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Period.parse("2026-11-20", null, NOW).to()).isEqualTo(NOW);
    }

    @Test
    void fromAfterToTooLongOrUnreadableIsABadParameter() {
        for (String[] bad : new String[][] {
            {"2026-11-02", "2026-11-01"},
            {"2026-11-01T10:00:00Z", "2026-11-01T09:59:59Z"},
            {"2025-11-01", "2026-11-02"},
            {"2026-12-04", null},
            {"last week", null},
            {null, "2026-02-30"},
            {"0001-01-01", "0001-01-02"}
        }) {
            assertThatThrownBy(() -> Period.parse(bad[0], bad[1], NOW))
                    .as(bad[0] + " .. " + bad[1])
                    .isInstanceOfSatisfying(
                            ApiProblem.class, p -> assertThat(p.slug()).isEqualTo("bad-parameter"));
        }
        assertThat(Period.parse("2025-11-02", "2026-11-01", NOW).to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }
}
