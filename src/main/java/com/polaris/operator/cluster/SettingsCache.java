package com.polaris.operator.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One node's cache of settings that rarely change, each entry belonging to one workspace; made by
 * {@link Changes}, which forgets a workspace's entries when it hears that they changed. Entries
 * also expire after a while, whatever happens.
 *
 * <p>Two guarantees keep a stale value from staying: a value loaded while any forgetting happened
 * is not kept (its load may have read the database before the change committed), and inside a
 * transaction that announced a change nothing is read from or kept in the cache, so that
 * transaction sees its own writes and a rollback leaves nothing behind.
 */
public final class SettingsCache<K, V> {

    private final Cache<K, V> entries;
    private final BiFunction<K, V, String> workspaceOf;
    private final BooleanSupplier bypassed;
    private final AtomicLong forgettings = new AtomicLong();

    SettingsCache(Duration expiry, int maximumSize, BiFunction<K, V, String> workspaceOf, BooleanSupplier bypassed) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(expiry)
                .maximumSize(maximumSize)
                .build();
        this.workspaceOf = workspaceOf;
        this.bypassed = bypassed;
    }

    /** The cached value for {@code key}, or the one {@code loader} reads from the database. */
    public V get(K key, Function<K, V> loader) {
        return find(key, k -> Optional.of(loader.apply(k))).orElseThrow();
    }

    /** Like {@link #get}, for a value that may not exist; that it does not exist is never cached. */
    public Optional<V> find(K key, Function<K, Optional<V>> loader) {
        if (bypassed.getAsBoolean()) {
            return loader.apply(key);
        }
        V cached = entries.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = forgettings.get();
        Optional<V> loaded = loader.apply(key);
        loaded.ifPresent(value -> {
            entries.put(key, value);
            if (forgettings.get() != seen) {
                entries.asMap().remove(key, value);
            }
        });
        return loaded;
    }

    void forget(String workspaceId) {
        forgettings.incrementAndGet();
        entries.asMap()
                .entrySet()
                .removeIf(e -> workspaceOf.apply(e.getKey(), e.getValue()).equals(workspaceId));
    }

    void forgetAll() {
        forgettings.incrementAndGet();
        entries.invalidateAll();
    }
}
