package com.polaris.operator.job;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 10 minutes, each delay drawn between
 * half and all of it so that jobs failing together do not retry together. A {@code Retry-After}
 * the executor reports wins when it is longer.
 */
public final class Backoff {

    static final Duration BASE = Duration.ofSeconds(2);
    static final Duration CAP = Duration.ofMinutes(10);

    private Backoff() {}

    /** The delay before attempt {@code failedAttempt + 1}. */
    public static Duration delay(int failedAttempt, Duration retryAfter, RandomGenerator random) {
        int exponent = Math.max(0, Math.min(failedAttempt - 1, 20));
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << exponent);
        long drawn = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(Math.max(drawn, retryAfter.toMillis()));
    }
}
