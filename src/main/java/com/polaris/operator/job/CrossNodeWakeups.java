package com.polaris.operator.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers of other nodes through PostgreSQL LISTEN/NOTIFY. {@code NOTIFY} takes a
 * cluster-wide lock at commit, so it is never sent from a business transaction: enqueuers only
 * raise a flag, and one sender thread turns any number of raised flags into at most one
 * {@code NOTIFY} per {@link #COALESCE} interval. A dedicated connection listens and reconnects
 * by itself after a drop; polling stays as the fallback.
 */
@Component
class CrossNodeWakeups implements SmartLifecycle {

    static final String CHANNEL = "polaris_jobs";
    static final Duration COALESCE = Duration.ofMillis(5);
    private static final Logger log = LoggerFactory.getLogger(CrossNodeWakeups.class);

    private final DataSource dataSource;
    private final JobSignal signal;
    private final boolean enabled;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Object sendLock = new Object();
    private volatile boolean running;
    private Thread sender;
    private Thread listener;

    CrossNodeWakeups(DataSource dataSource, JobSignal signal, JobDialect dialect) {
        this.dataSource = dataSource;
        this.signal = signal;
        this.enabled = dialect.notifies();
    }

    /** Asks for other nodes to be woken soon; cheap, never blocks, many calls collapse into one NOTIFY. */
    void announce() {
        if (enabled && pending.compareAndSet(false, true)) {
            synchronized (sendLock) {
                sendLock.notifyAll();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            return;
        }
        sender = Thread.ofPlatform().name("polaris-jobs-notify").daemon().start(this::sendLoop);
        listener = Thread.ofPlatform().name("polaris-jobs-listen").daemon().start(this::listenLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (enabled) {
            sender.interrupt();
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void sendLoop() {
        while (running) {
            try {
                synchronized (sendLock) {
                    while (!pending.get() && running) {
                        sendLock.wait(1000);
                    }
                }
                if (!running) {
                    return;
                }
                pending.set(false);
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("notify " + CHANNEL);
                } catch (SQLException e) {
                    log.debug("Could not notify other nodes ({}); they will poll", e.toString());
                }
                Thread.sleep(COALESCE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    var notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        signal.wake();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.info("Job wake-up connection lost ({}); reconnecting", e.toString());
                    signal.wake();
                    sleep(Duration.ofMillis(500));
                }
            }
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
