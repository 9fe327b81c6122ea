package com.polaris.operator.widget;

import com.github.benmanes.caffeine.cache.Cache;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.RateBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets for the web widget, one per client address (see {@code ClientAddresses}: IPv6 per
 * /64, forwarded addresses only from trusted proxies) and one per widget, for opening conversations
 * and for posting messages each. Every request takes a token; tokens come back steadily, so a full
 * bucket refills over the window and a client over its limit waits rather than being locked out.
 * The address bucket is checked before anything is looked up, so a flood costs no database work.
 *
 * <p>The buckets live in this node's memory: with several nodes, each counts on its own.
 */
@Component
class WidgetThrottle {

    /** What a bucket counts. */
    enum Counted {
        CONVERSATIONS,
        MESSAGES
    }

    private final Cache<String, Bucket> buckets;
    private final WidgetLimits limits;
    private final TimeMeter time;

    WidgetThrottle(Clock clock, WidgetLimits limits) {
        this.limits = limits;
        this.time = RateBuckets.time(clock);
        this.buckets = RateBuckets.byKey(limits.window(), 200_000);
    }

    /** 429: too many requests of one kind from this client or for this widget; try again after {@code retryAfter}. */
    static final class Throttled extends ApiProblem {

        private final Duration retryAfter;

        Throttled(Duration retryAfter, String detail) {
            super(ApiProblem.Kind.TOO_MANY, "too-many-widget-requests", "Too many requests", detail);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Takes a token from the client address's bucket, or throws {@link Throttled}. */
    void byAddress(Counted counted, String address) {
        long limit = counted == Counted.CONVERSATIONS ? limits.conversationsPerAddress() : limits.messagesPerAddress();
        take("address:" + counted + ":" + address, limit, counted, "from this address");
    }

    /** Takes a token from the widget's bucket (the widget of {@code workspaceId}), or throws {@link Throttled}. */
    void byWidget(Counted counted, String workspaceId) {
        long limit = counted == Counted.CONVERSATIONS ? limits.conversationsPerWidget() : limits.messagesPerWidget();
        take("widget:" + counted + ":" + workspaceId, limit, counted, "for this widget");
    }

    private void take(String key, long limit, Counted counted, String where) {
        ConsumptionProbe probe = buckets.get(key, k -> bucket(limit)).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            String what = counted == Counted.CONVERSATIONS ? "conversations" : "messages";
            throw new Throttled(
                    Duration.ofSeconds(seconds),
                    "Too many " + what + " " + where + ": try again in " + seconds + " seconds.");
        }
    }

    private Bucket bucket(long limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, limits.window()))
                .withCustomTimePrecision(time)
                .build();
    }
}
