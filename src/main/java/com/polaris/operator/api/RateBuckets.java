package com.polaris.operator.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/** What the rate limits are made of: token buckets by key that refill with the application's clock. */
public final class RateBuckets {

    private RateBuckets() {}

    /** Bucket4j's time read from {@code clock}, so a test that moves the clock refills the buckets too. */
    public static TimeMeter time(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * At most {@code most} buckets by key. A bucket left alone for a whole {@code window} is full
     * again: forgetting it then loses nothing.
     */
    public static Cache<String, Bucket> byKey(Duration window, long most) {
        return Caffeine.newBuilder().expireAfterAccess(window).maximumSize(most).build();
    }
}
