package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SignInThrottleTest {

    private static final Duration WINDOW = Duration.ofMinutes(15);

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(parts ->
                        String.join(".", parts.stream().map(String::valueOf).toList()));
    }

    @Provide
    Arbitrary<String> emails() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("._+-é1")
                .ofMinLength(1)
                .ofMaxLength(30)
                .map(local -> local + "@example.com");
    }

    @Property(tries = 200)
    void aClientIsRefusedRightAfterItsLimitOfFailuresAndToldWhenToComeBack(
            @ForAll("emails") String email,
            @ForAll("addresses") String address,
            @ForAll @IntRange(min = 1, max = 40) int addressLimit,
            @ForAll @IntRange(min = 1, max = 40) int accountLimit) {
        var clock = new MutableClock();
        var throttle = new SignInThrottle(clock, new SignInLimits(WINDOW, addressLimit, accountLimit));
        int limit = Math.min(addressLimit, accountLimit);
        for (int i = 1; i <= limit; i++) {
            var attempt = throttle.begin(email, address);
            assertThat(attempt.lastBeforeThrottling())
                    .as("failure %d of %d", i, limit)
                    .isEqualTo(i == limit);
        }
        assertThatThrownBy(() -> throttle.begin(email, address))
                .isInstanceOfSatisfying(
                        SignInThrottle.Throttled.class,
                        t -> assertThat(t.retryAfter())
                                .isPositive()
                                .isLessThanOrEqualTo(WINDOW.dividedBy(limit).plusSeconds(1)));
    }

    @Property(tries = 200)
    void throttlingOnlyDelays(
            @ForAll("emails") String email,
            @ForAll("addresses") String address,
            @ForAll @IntRange(min = 1, max = 20) int limit,
            @ForAll @IntRange(min = 1, max = 5) int rounds) {
        var clock = new MutableClock();
        clock.set(Instant.parse("2026-12-01T10:00:00Z"));
        var throttle = new SignInThrottle(clock, new SignInLimits(WINDOW, 100, limit));
        for (int i = 0; i < limit; i++) {
            throttle.begin(email, address);
        }
        for (int round = 0; round < rounds; round++) {
            Duration wait = waitFor(throttle, email, address);
            assertThat(wait)
                    .isPositive()
                    .isLessThanOrEqualTo(WINDOW.dividedBy(limit).plusSeconds(1));
            clock.advance(wait);
            throttle.begin(email, address);
        }
        clock.advance(WINDOW);
        for (int i = 0; i < limit; i++) {
            throttle.begin(email, address);
        }
        assertThat(waitFor(throttle, email, address)).isPositive();
    }

    @Property(tries = 200)
    void anAttackersFailuresNeverKeepTheOwnerOutFromTheirOwnAddress(
            @ForAll("emails") String email,
            @ForAll @Size(min = 1, max = 8) List<@From("addresses") String> attackers,
            @ForAll("addresses") String owner,
            @ForAll @IntRange(min = 1, max = 15) int limit) {
        Assume.that(!attackers.contains(owner));
        var throttle = new SignInThrottle(new MutableClock(), new SignInLimits(WINDOW, limit * 3L, limit));
        for (String attacker : attackers) {
            for (int i = 0; i < limit * 3; i++) {
                try {
                    throttle.begin(email, attacker);
                } catch (SignInThrottle.Throttled expected) {
                    // the attacker's own address waits
                }
            }
            assertThat(waitFor(throttle, email, attacker)).isPositive();
        }
        throttle.succeeded(throttle.begin(email, owner));
    }

    @Property(tries = 200)
    void aSuccessCountsForNothingAndForgetsTheAccountsFailures(
            @ForAll("emails") String email,
            @ForAll("addresses") String address,
            @ForAll @IntRange(min = 2, max = 20) int limit,
            @ForAll @IntRange(min = 0, max = 19) int failuresBefore,
            @ForAll @IntRange(min = 1, max = 30) int successes) {
        Assume.that(failuresBefore < limit);
        var throttle = new SignInThrottle(new MutableClock(), new SignInLimits(WINDOW, 1000, limit));
        for (int i = 0; i < failuresBefore; i++) {
            throttle.begin(email, address);
        }
        for (int i = 0; i < successes; i++) {
            throttle.succeeded(throttle.begin(email, address));
        }
        for (int i = 0; i < limit; i++) {
            throttle.begin(email, address);
        }
        assertThat(waitFor(throttle, email, address)).isPositive();
    }

    @Property(tries = 100)
    void theAddressLimitCountsEveryEmailTried(
            @ForAll @Size(min = 5, max = 40) List<@From("emails") String> tried,
            @ForAll("addresses") String address,
            @ForAll("emails") String next) {
        int limit = tried.size();
        var throttle = new SignInThrottle(new MutableClock(), new SignInLimits(WINDOW, limit, 1000));
        tried.forEach(email -> throttle.begin(email, address));
        assertThat(waitFor(throttle, next, address)).isPositive();
        throttle.begin(next, "2001:db8::/64");
    }

    private static Duration waitFor(SignInThrottle throttle, String email, String address) {
        try {
            throttle.begin(email, address);
            return Duration.ZERO;
        } catch (SignInThrottle.Throttled t) {
            return t.retryAfter();
        }
    }
}
