package com.polaris.operator.cluster;

import com.polaris.operator.database.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hears what other nodes send with PostgreSQL {@code NOTIFY}: one dedicated connection per node
 * {@code LISTEN}s on every subscribed channel and reconnects by itself after a drop. Notices sent
 * while nothing listened are lost for good, so each subscriber is told whenever the connection
 * (re)opens and must assume it missed something. A database no other node shares (the embedded H2 of
 * a single node) has nobody to hear.
 */
@Component
public class DatabaseNotices implements SmartLifecycle {

    private static final Pattern CHANNEL = Pattern.compile("[a-z_]{1,63}");
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(DatabaseNotices.class);

    private final DataSource dataSource;
    private final boolean othersCanSend;
    private final Map<String, List<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean running;
    private @Nullable Thread listener;

    DatabaseNotices(DataSource dataSource, Database database) {
        this.dataSource = dataSource;
        this.othersCanSend = database.sharedByNodes();
    }

    private record Subscription(Consumer<String> onNotice, Runnable onListening) {}

    /**
     * Calls {@code onNotice} with the payload of every notice on {@code channel}, and
     * {@code onListening} each time the connection starts listening (again). Subscribe while the
     * application starts, from a constructor: the connection listens on what was subscribed by then.
     */
    public void subscribe(String channel, Consumer<String> onNotice, Runnable onListening) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        if (running) {
            throw new IllegalStateException("Subscribe to " + channel + " before the application starts");
        }
        subscriptions
                .computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>())
                .add(new Subscription(onNotice, onListening));
    }

    @Override
    public void start() {
        running = true;
        if (othersCanSend && !subscriptions.isEmpty()) {
            listener = Thread.ofPlatform().name("polaris-listen").daemon().start(this::listen);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    for (String channel : subscriptions.keySet()) {
                        s.execute("listen " + channel);
                    }
                }
                subscriptions.values().forEach(list -> list.forEach(sub -> deliver(sub.onListening())));
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(500);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            subscriptions
                                    .getOrDefault(notice.getName(), List.of())
                                    .forEach(sub -> deliver(() -> sub.onNotice().accept(notice.getParameter())));
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.info("Lost the connection that hears other nodes ({}); reconnecting", e.toString());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private static void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("A subscriber failed to handle a notice", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
