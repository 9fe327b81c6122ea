package com.polaris.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1000, 2000",
        "2, 2000, 4000",
        "3, 4000, 8000",
        "5, 16000, 32000",
        "9, 256000, 512000",
        "10, 300000, 600000",
        "30, 300000, 600000"
    })
    void delayDoublesWithJitterBetweenHalfAndAllOfItUpToTenMinutes(int attempt, long minMillis, long maxMillis) {
        RandomGenerator random = new SplittableRandom(attempt);
        for (int i = 0; i < 1000; i++) {
            long delay = Backoff.delay(attempt, Duration.ZERO, random).toMillis();
            assertThat(delay).isBetween(minMillis, maxMillis);
        }
    }

    @Test
    void jitterSpreadsRetriesOfJobsThatFailedTogether() {
        RandomGenerator random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToLong(i -> Backoff.delay(4, Duration.ZERO, random).toMillis())
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void aLongerRetryAfterWins() {
        Duration delay = Backoff.delay(1, Duration.ofMinutes(3), new SplittableRandom(1));
        assertThat(delay).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aShorterRetryAfterDoesNotShortenTheBackoff() {
        Duration delay = Backoff.delay(6, Duration.ofSeconds(1), new SplittableRandom(1));
        assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(32));
    }
}
