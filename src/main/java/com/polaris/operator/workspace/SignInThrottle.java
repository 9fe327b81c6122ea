package com.polaris.operator.workspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.polaris.operator.api.RateBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins (console and {@code POST /api/v1/auth/tokens}) in two token buckets and
 * refuses an attempt while either is empty: one per client address (any email), and one per
 * account <em>at that address</em> (the normalised email together with the address). Each failure
 * takes a token; tokens come back steadily, so a full bucket refills over {@code window}: a client
 * over its limit is slowed to a try every {@code window / limit}, never locked out for good.
 *
 * <p>The account bucket is keyed by the address too, on purpose: an account-wide bucket would let
 * anyone who knows an email, from a few addresses, keep its owner out everywhere. As it is, an
 * attacker's failures slow only the attacker's own address, and the owner signs in from theirs as
 * usual. Guessing spread over many addresses is bounded by the per-address limit of each (IPv6
 * clients are counted per /64, see {@link ClientAddresses}).
 *
 * <p>A successful sign-in gives back the token it took from the address bucket and refills its
 * account bucket. Whether the email belongs to anybody plays no part: a stranger's email is
 * counted, refused and answered exactly like a member's.
 *
 * <p>The buckets live in this node's memory: with several nodes, each counts on its own.
 */
@Component
class SignInThrottle {

    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> accounts;
    private final long addressLimit;
    private final long accountLimit;
    private final Duration window;
    private final TimeMeter time;

    SignInThrottle(Clock clock, SignInLimits limits) {
        this.window = limits.window();
        this.addressLimit = limits.addressFailures();
        this.accountLimit = limits.accountFailures();
        this.time = RateBuckets.time(clock);
        this.addresses = RateBuckets.byKey(window, 100_000);
        this.accounts = RateBuckets.byKey(window, 100_000);
    }

    /** One sign-in attempt: it holds a token of each bucket until it is known to have succeeded or failed. */
    record Attempt(String address, String account, boolean lastBeforeThrottling) {}

    /** Thrown when the client is over a limit: nothing was checked, and the client may try again after {@code retryAfter}. */
    static final class Throttled extends RuntimeException {

        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("Too many failed sign-ins", null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Starts an attempt for {@code email} (normalised) from {@code address}, or throws {@link Throttled}. */
    Attempt begin(String email, String address) {
        String account = email + "\u001f" + address;
        Bucket addressBucket = addresses.get(address, a -> bucket(addressLimit));
        ConsumptionProbe byAddress = addressBucket.tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            throw new Throttled(wait(byAddress));
        }
        ConsumptionProbe byAccount =
                accounts.get(account, a -> bucket(accountLimit)).tryConsumeAndReturnRemaining(1);
        if (!byAccount.isConsumed()) {
            addressBucket.addTokens(1);
            throw new Throttled(wait(byAccount));
        }
        return new Attempt(
                address, account, byAddress.getRemainingTokens() == 0 || byAccount.getRemainingTokens() == 0);
    }

    /** The attempt's credentials were right: it does not count against the client. */
    void succeeded(Attempt attempt) {
        Bucket address = addresses.getIfPresent(attempt.address());
        if (address != null) {
            address.addTokens(1);
        }
        accounts.invalidate(attempt.account());
    }

    private Bucket bucket(long limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit).refillGreedy(limit, window))
                .withCustomTimePrecision(time)
                .build();
    }

    private static Duration wait(ConsumptionProbe probe) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Duration.ofSeconds(seconds);
    }
}
