package com.polaris.operator.cluster;

import com.polaris.operator.database.Database;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps every node's {@link SettingsCache}s true to the database. The code that changes cached
 * settings announces the change in its transaction: this node forgets the workspace's entries
 * once the transaction commits (a rollback forgets nothing and tells nobody), and on PostgreSQL a
 * {@code NOTIFY} sent in the same transaction, delivered at commit, makes every other node forget
 * them too. Whenever the listening connection (re)opens, every cache is emptied, since notices
 * may have been missed; entries also expire after {@link #EXPIRY} as a last safety net.
 *
 * <p>Unlike job wake-ups, this {@code NOTIFY} is sent from the business transaction itself: its
 * cluster-wide lock at commit is no concern for changes as rare as settings, and it reaches the
 * other nodes exactly when, and only if, the change commits.
 */
@Component
public class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);
    static final String CHANNEL = "polaris_changes";
    static final Duration EXPIRY = Duration.ofSeconds(30);
    private static final int MAXIMUM_SIZE = 10_000;

    private final JdbcClient jdbc;
    private final boolean reachesOtherNodes;
    private final Map<String, SettingsCache<?, ?>> caches = new ConcurrentHashMap<>();
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();

    /**
     * Told when a workspace's settings of one name changed, on this node after commit or on another
     * node; {@code everything} runs instead when notices may have been missed.
     */
    private record Listener(Consumer<String> workspace, Runnable everything) {}

    Changes(JdbcClient jdbc, Database database, DatabaseNotices notices) {
        this.jdbc = jdbc;
        this.reachesOtherNodes = database.sharedByNodes();
        notices.subscribe(CHANNEL, this::heard, () -> {
            caches.values().forEach(SettingsCache::forgetAll);
            listeners
                    .values()
                    .forEach(
                            all -> all.forEach(listener -> listener.everything().run()));
        });
    }

    /**
     * Calls {@code workspaceChanged} with the workspace id whenever the {@code name} settings of a
     * workspace change, on this node after commit and on every other node when it hears of it;
     * {@code anythingMayHaveChanged} runs whenever notices may have been missed. For what reacts to a
     * change other than by forgetting: the listener runs on a notice thread, so it must be quick.
     */
    public void listen(String name, Consumer<String> workspaceChanged, Runnable anythingMayHaveChanged) {
        listeners
                .computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                .add(new Listener(workspaceChanged, anythingMayHaveChanged));
    }

    /** A new cache of the settings called {@code name}; {@code workspaceOf} tells which workspace an entry belongs to. */
    public <K, V> SettingsCache<K, V> cache(String name, BiFunction<K, V, String> workspaceOf) {
        if (name.contains(":")) {
            throw new IllegalArgumentException("A cache name cannot contain ':': " + name);
        }
        var cache = new SettingsCache<>(EXPIRY, MAXIMUM_SIZE, workspaceOf, this::changingHere);
        if (caches.putIfAbsent(name, cache) != null) {
            throw new IllegalStateException("Two caches are called " + name);
        }
        return cache;
    }

    /** A new cache of the settings called {@code name}, keyed by workspace id. */
    public <V> SettingsCache<String, V> perWorkspace(String name) {
        return cache(name, (String workspaceId, V value) -> workspaceId);
    }

    /**
     * Announces that the {@code name} settings of a workspace change in the current transaction;
     * call it after the write. Without a transaction the write has already committed, so this node
     * forgets at once.
     */
    public void announce(String name, String workspaceId) {
        SettingsCache<?, ?> cache = caches.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("No cache is called " + name);
        }
        if (reachesOtherNodes) {
            jdbc.sql("select pg_notify(?, ?)")
                    .params(CHANNEL, name + ":" + workspaceId)
                    .query(rs -> {});
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            changed(name, cache, workspaceId);
            return;
        }
        if (!changingHere()) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Changes.this);
                }
            });
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                changed(name, cache, workspaceId);
            }
        });
    }

    /** Whether the current transaction announced a change: then it reads settings from the database only. */
    private boolean changingHere() {
        return TransactionSynchronizationManager.getResource(this) != null;
    }

    private void heard(String payload) {
        int colon = payload.indexOf(':');
        SettingsCache<?, ?> cache = colon < 0 ? null : caches.get(payload.substring(0, colon));
        if (cache != null) {
            changed(payload.substring(0, colon), cache, payload.substring(colon + 1));
        }
    }

    private void changed(String name, SettingsCache<?, ?> cache, String workspaceId) {
        cache.forget(workspaceId);
        for (Listener listener : listeners.getOrDefault(name, List.of())) {
            try {
                listener.workspace().accept(workspaceId);
            } catch (RuntimeException e) {
                log.warn("A listener to changes of {} failed", name, e);
            }
        }
    }
}
