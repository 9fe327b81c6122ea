package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** The mapper every request is read with, as Spring Boot builds it with {@link StrictJson}'s rules. */
class StrictJsonTest {

    private static final JsonMapper JSON = strict();

    private static JsonMapper strict() {
        var builder = JsonMapper.builder();
        new StrictJson().strictJsonReading().customize(builder);
        return builder.build();
    }

    record Expiry(@Nullable Instant expiresAt, @Nullable LocalDate validUntil) {}

    record Count(@Nullable Integer count) {}

    @Property(tries = 1000)
    void anInstantIsReadOnlyWithinTheSaneYears(
            @ForAll @LongRange(min = -100_000_000_000L, max = 300_000_000_000L) long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        String json = "{\"expiresAt\": \"" + instant + "\"}";
        if (SaneDates.isSane(instant)) {
            assertThat(JSON.readValue(json, Expiry.class).expiresAt()).isEqualTo(instant);
        } else {
            assertThatThrownBy(() -> JSON.readValue(json, Expiry.class))
                    .isInstanceOf(StrictJson.RefusedValue.class)
                    .hasMessageContaining(SaneDates.OUT_OF_RANGE);
        }
    }

    @Property(tries = 500)
    void aDateIsReadOnlyWithinTheSaneYears(@ForAll @IntRange(min = 0, max = 9999) int year) {
        String json = "{\"validUntil\": \"%04d-06-30\"}".formatted(year);
        if (year >= 1900) {
            assertThat(JSON.readValue(json, Expiry.class).validUntil()).isEqualTo(LocalDate.of(year, 6, 30));
        } else {
            assertThatThrownBy(() -> JSON.readValue(json, Expiry.class)).isInstanceOf(StrictJson.RefusedValue.class);
        }
    }

    @Property(tries = 300)
    void aNumberIsNeverTakenForAnInstant(@ForAll long seconds) {
        assertThatThrownBy(() -> JSON.readValue("{\"expiresAt\": " + seconds + "}", Expiry.class))
                .isInstanceOf(StrictJson.RefusedValue.class);
    }

    @Property(tries = 500)
    void aWholeNumberIsReadOnlyFromAWholeNumber(@ForAll @IntRange(min = -100_000, max = 100_000) int n) {
        assertThat(JSON.readValue("{\"count\": " + n + "}", Count.class).count())
                .isEqualTo(n);
        assertThatThrownBy(() -> JSON.readValue("{\"count\": \"" + n + "\"}", Count.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> JSON.readValue("{\"count\": " + n + ".5}", Count.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
