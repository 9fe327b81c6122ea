package com.polaris.operator.whatsapp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * At most {@code polaris.whatsapp.inbound-per-minute} inbound requests per channel and node, in a
 * token bucket that refills steadily; beyond it the hook answers 429 (the Cloud API retries later).
 * The buckets live in this node's memory.
 */
@Component
@RequiredArgsConstructor
class WhatsAppHookThrottle {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000)
            .build();

    @Value("${polaris.whatsapp.inbound-per-minute}")
    private final long perMinute;

    /** Takes a token of the channel's bucket: false when it is empty. */
    boolean tryAcquire(String channelId) {
        return buckets.get(
                        channelId,
                        id -> Bucket.builder()
                                .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                                .build())
                .tryConsume(1);
    }
}
