package com.polaris.operator.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's worker: claims due jobs in batches (never more than its free slots), runs each on
 * a virtual thread, keeps their leases alive, and on shutdown stops claiming and waits for the
 * jobs in flight before releasing what is left.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

    private final Jobs jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobSignal signal;
    private final Clock clock;
    private final Map<String, JobHandler> handlers;
    private final Duration pollInterval;
    private final int concurrency;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Instant lastHeartbeat = Instant.EPOCH;
    private Thread loop;
    private ExecutorService executor;

    JobWorker(Jobs jobs, JdbcClient jdbc, TransactionTemplate tx, JobSignal signal, Clock clock, List<JobHandler> handlers,
            @Value("${polaris.jobs.poll-interval}") Duration pollInterval,
            @Value("${polaris.jobs.concurrency}") int concurrency) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.signal = signal;
        this.clock = clock;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.pollInterval = pollInterval;
        this.concurrency = concurrency;
    }

    @Override
    public void start() {
        running = true;
        executor = Executors.newVirtualThreadPerTaskExecutor();
        loop = Thread.ofPlatform().name("polaris-jobs").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        signal.wake();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} jobs still running at shutdown; releasing them to other nodes", inFlight.size());
                release();
                executor.shutdownNow();
            }
            loop.join(SHUTDOWN_DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                heartbeatIfDue();
                int free = concurrency - inFlight.size();
                int claimed = free > 0 ? claimAndDispatch(free) : 0;
                if (claimed < free || free == 0) {
                    signal.await(pollInterval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Job worker cycle failed ({}); trying again shortly", e.toString());
                sleepQuietly();
            }
        }
    }

    private int claimAndDispatch(int free) {
        List<ClaimedJob> claimed = tx.execute(
                status -> jobs.dialect().claim(jdbc, jobs.nodeId(), free, clock.instant(), jobs.lease()));
        if (claimed == null) {
            return 0;
        }
        for (ClaimedJob job : claimed) {
            inFlight.add(job.leaseToken());
            executor.submit(() -> run(job));
        }
        return claimed.size();
    }

    /** Runs a claimed job on the calling thread; used for work claimed outside the loop too. */
    void run(ClaimedJob job) {
        try {
            JobHandler handler = handlers.get(job.kind());
            if (handler == null) {
                throw new IllegalStateException("No handler for job kind " + job.kind());
            }
            handler.handle(job);
        } catch (LeaseLostException e) {
            log.info("{}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Job {} {} failed on attempt {} ({}); it will be tried again", job.kind(), job.subjectId(),
                    job.attempts(), e.getClass().getSimpleName(), e);
            try {
                Instant retryAt = clock.instant().plus(Duration.ofSeconds(Math.min(300, 5L * job.attempts())));
                tx.executeWithoutResult(status -> jobs.reschedule(job, retryAt, e.getClass().getSimpleName()));
            } catch (RuntimeException again) {
                log.warn("Could not reschedule job {} {} ({}); its lease will expire", job.kind(), job.subjectId(),
                        again.toString());
            }
        } finally {
            inFlight.remove(job.leaseToken());
            signal.wake();
        }
    }

    private void heartbeatIfDue() {
        Instant now = Instant.now();
        if (inFlight.isEmpty() || now.isBefore(lastHeartbeat.plus(jobs.lease().dividedBy(3)))) {
            return;
        }
        lastHeartbeat = now;
        jobs.dialect().heartbeat(jdbc, List.copyOf(inFlight), jobs.lease());
    }

    private void release() {
        if (inFlight.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update jobs set state = 'ready', lease_owner = null, lease_token = null, lease_until = null
                        where lease_token in (:tokens)""")
                .param("tokens", List.copyOf(inFlight))
                .update();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.multipliedBy(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
