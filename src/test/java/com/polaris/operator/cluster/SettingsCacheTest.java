package com.polaris.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingsCacheTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final SettingsCache<String, String> cache = new SettingsCache<>(
            Duration.ofMinutes(1), 100, (key, value) -> key.substring(0, key.indexOf('/')), () -> false);

    private String read(String key, String value) {
        reads.incrementAndGet();
        return value;
    }

    @Test
    void aValueIsReadOnceAndThenServedFromTheCache() {
        assertThat(cache.get("ws_a/x", k -> read(k, "one"))).isEqualTo("one");
        assertThat(cache.get("ws_a/x", k -> read(k, "two"))).isEqualTo("one");
        assertThat(reads).hasValue(1);
    }

    @Test
    void forgettingAWorkspaceForgetsAllItsEntriesAndNoOtherWorkspaces() {
        cache.get("ws_a/x", k -> "a-x");
        cache.get("ws_a/y", k -> "a-y");
        cache.get("ws_b/x", k -> "b-x");

        cache.forget("ws_a");

        assertThat(cache.get("ws_a/x", k -> read(k, "a-x2"))).isEqualTo("a-x2");
        assertThat(cache.get("ws_a/y", k -> read(k, "a-y2"))).isEqualTo("a-y2");
        assertThat(cache.get("ws_b/x", k -> read(k, "b-x2"))).isEqualTo("b-x");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aValueReadBeforeAChangeCommittedIsNotKeptWhenTheChangeIsForgottenDuringTheRead() {
        String stale = cache.get("ws_a/x", k -> {
            cache.forget("ws_a");
            return "before the change";
        });

        assertThat(stale).isEqualTo("before the change");
        assertThat(cache.get("ws_a/x", k -> read(k, "after the change"))).isEqualTo("after the change");
    }

    @Test
    void somethingThatDoesNotExistIsNeverCached() {
        assertThat(cache.find("ws_a/x", k -> Optional.empty())).isEmpty();
        assertThat(cache.find("ws_a/x", k -> Optional.of(read(k, "created since"))))
                .contains("created since");
        assertThat(reads).hasValue(1);
    }

    @Test
    void insideATransactionThatAnnouncedAChangeEveryReadGoesToTheDatabaseAndNothingIsKept() {
        var changing = new boolean[] {true};
        var bypassed =
                new SettingsCache<String, String>(Duration.ofMinutes(1), 100, (key, value) -> key, () -> changing[0]);

        assertThat(bypassed.get("ws_a", k -> read(k, "uncommitted"))).isEqualTo("uncommitted");
        assertThat(bypassed.get("ws_a", k -> read(k, "uncommitted"))).isEqualTo("uncommitted");
        changing[0] = false;

        assertThat(bypassed.get("ws_a", k -> read(k, "committed"))).isEqualTo("committed");
        assertThat(reads).hasValue(3);
    }

    @Test
    void forgettingEverythingEmptiesTheCache() {
        cache.get("ws_a/x", k -> "a");
        cache.get("ws_b/x", k -> "b");

        cache.forgetAll();

        assertThat(cache.get("ws_a/x", k -> read(k, "a2"))).isEqualTo("a2");
        assertThat(cache.get("ws_b/x", k -> read(k, "b2"))).isEqualTo("b2");
    }
}
