package com.polaris.operator.job;

import com.polaris.operator.database.SeparateTransactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's worker: claims due jobs in batches no larger than its free slots (a job its claim
 * returned but that finds no slot, taken meanwhile by a hand-off, goes back), runs each on
 * a virtual thread, keeps their leases alive, rescues jobs whose node died, and on shutdown stops
 * claiming and lets the jobs in flight finish within a deadline. A job still running then is never
 * handed back while its handler may go on (it would start twice): its lease runs out and a live node
 * takes it over.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    /** A handler that throws this often is broken, not unlucky: its job stops being retried. */
    static final int MAX_HANDLER_ATTEMPTS = 20;

    private final Jobs jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobSignal signal;
    private final JobSlots slots;
    private final CrossNodeWakeups wakeups;
    private final SeparateTransactions standalone;
    private final Clock clock;
    private final Map<String, JobHandler> handlers;
    private final Duration pollInterval;
    private final Duration shutdownDeadline;
    private final int concurrency;
    private final int refillAt;
    private final int batchSize;
    private final boolean enabled;
    private final Map<String, ClaimedJob> inFlight = new ConcurrentHashMap<>();
    private final Timer claimLatency;
    private final Counter claimed;
    private final Counter handedOff;
    private final Counter handlerFailures;
    private final AtomicLong queueDepth = new AtomicLong();
    private volatile boolean running;
    private volatile boolean waitingForSlots;
    private volatile Instant lastHeartbeat = Instant.EPOCH;
    private volatile Instant lastRescue = Instant.EPOCH;
    private volatile Instant lastDepth = Instant.EPOCH;
    private Thread loop;
    private ExecutorService executor;

    JobWorker(
            Jobs jobs,
            JdbcClient jdbc,
            TransactionTemplate tx,
            JobSignal signal,
            JobSlots slots,
            CrossNodeWakeups wakeups,
            SeparateTransactions standalone,
            Clock clock,
            List<JobHandler> handlers,
            MeterRegistry meters,
            JobSettings settings) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.signal = signal;
        this.slots = slots;
        this.wakeups = wakeups;
        this.standalone = standalone;
        this.clock = clock;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.pollInterval = settings.pollInterval();
        this.concurrency = settings.concurrency();
        this.refillAt = Math.max(1, concurrency / 4);
        this.batchSize = Math.max(1, settings.batchSize());
        this.shutdownDeadline = settings.shutdownDeadline();
        this.enabled = settings.enabled();
        this.claimLatency = Timer.builder("polaris.jobs.claim")
                .description("Time to claim a batch of due jobs")
                .publishPercentileHistogram()
                .register(meters);
        this.claimed = Counter.builder("polaris.jobs.claimed")
                .description("Jobs claimed by this node")
                .register(meters);
        this.handedOff = Counter.builder("polaris.jobs.handed.off")
                .description("Jobs enqueued on this node and run by it without a claim")
                .register(meters);
        this.handlerFailures = Counter.builder("polaris.jobs.failures")
                .description("Job runs that threw and were put back for a later try")
                .register(meters);
        Gauge.builder("polaris.jobs.queue.depth", queueDepth, AtomicLong::get)
                .description("Jobs ready to run (sampled)")
                .register(meters);
        Gauge.builder("polaris.jobs.in.flight", inFlight, Map::size)
                .description("Jobs this node runs now")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
        executor = Executors.newVirtualThreadPerTaskExecutor();
        if (enabled) {
            slots.open(this::handOff);
            loop = Thread.ofPlatform().name("polaris-jobs").daemon().start(this::loop);
        }
    }

    @Override
    public void stop() {
        running = false;
        slots.close();
        signal.wake();
        try {
            if (loop != null) {
                loop.join(shutdownDeadline.toMillis());
            }
            executor.shutdown();
            if (!executor.awaitTermination(shutdownDeadline.toMillis(), TimeUnit.MILLISECONDS)) {
                // Not handed back: a job whose handler may still be running must not start a second
                // time. Without heartbeats its lease expires and a live node takes it over then.
                log.warn(
                        "{} jobs still running at shutdown; they are interrupted, and another node takes them "
                                + "over when their leases expire",
                        inFlight.size());
                executor.shutdownNow();
            }
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
                housekeeping();
                // While jobs run, wait until a good share of the slots is free: one claim then
                // fetches a batch instead of one round trip per finished job. Runs that end wake
                // the loop only while it waits for slots; once the queue is drained only new work
                // (or the poll) does, so finished runs do not set off claims that find nothing.
                waitingForSlots = true;
                int free = slots.available();
                if (free <= 0 || (free < concurrency && free < refillAt)) {
                    signal.await(pollInterval);
                    continue;
                }
                waitingForSlots = false;
                int wanted = Math.min(free, batchSize);
                if (claimAndDispatch(wanted) < wanted) {
                    signal.await(pollInterval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Job worker cycle failed ({}); trying again shortly", e.toString());
                sleepQuietly(pollInterval.multipliedBy(5));
            }
        }
    }

    /**
     * Claims up to {@code wanted} due jobs and starts each on a slot; how many it claimed. Slots
     * are taken after the claim, so a claim never keeps jobs enqueued on this node meanwhile from
     * a free slot; should those have taken the slots, the jobs left over go back to the queue.
     */
    private int claimAndDispatch(int wanted) {
        long start = System.nanoTime();
        List<ClaimedJob> batch =
                tx.execute(status -> jobs.dialect().claim(jdbc, jobs.nodeId(), wanted, clock.instant(), jobs.lease()));
        claimLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (batch == null || batch.isEmpty()) {
            return 0;
        }
        int taken = slots.takeUpTo(batch.size());
        claimed.increment(taken);
        for (ClaimedJob job : batch.subList(0, taken)) {
            dispatch(job);
        }
        if (taken < batch.size()) {
            unclaim(batch.subList(taken, batch.size()));
        }
        return batch.size();
    }

    /** Puts back jobs claimed but never started, as if they had not been claimed. */
    private void unclaim(List<ClaimedJob> notStarted) {
        putBack(notStarted, 1);
    }

    /** A job enqueued on this node, written leased to it, on a slot it took: runs without a claim. */
    private void handOff(ClaimedJob job) {
        handedOff.increment();
        dispatch(job);
    }

    private void dispatch(ClaimedJob job) {
        inFlight.put(job.leaseToken(), job);
        try {
            executor.submit(() -> run(job));
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.remove(job.leaseToken());
            slots.give(1);
            try {
                // Possibly called as the enqueuing transaction completes: put back in a transaction of its own.
                standalone.executeWithoutResult(status -> unclaim(List.of(job)));
            } catch (RuntimeException e) {
                log.warn(
                        "Could not release job {} {} at shutdown ({}); its lease will expire",
                        job.kind(),
                        job.subjectId(),
                        e.toString());
            }
        }
    }

    private void run(ClaimedJob job) {
        try {
            JobHandler handler = handlers.get(job.kind());
            if (handler == null) {
                throw new IllegalStateException("No handler for job kind " + job.kind());
            }
            handler.handle(job);
        } catch (LeaseLostException e) {
            log.info("{}", e.getMessage());
        } catch (RuntimeException e) {
            handlerFailures.increment();
            try {
                if (job.attempts() >= MAX_HANDLER_ATTEMPTS) {
                    log.error(
                            "Job {} {} failed {} times ({}); it is set aside as dead for an operator to look at",
                            job.kind(),
                            job.subjectId(),
                            job.attempts(),
                            e.getClass().getSimpleName(),
                            e);
                    tx.executeWithoutResult(
                            status -> jobs.bury(job, e.getClass().getSimpleName()));
                    return;
                }
                log.warn(
                        "Job {} {} failed on attempt {} ({}); it will be tried again",
                        job.kind(),
                        job.subjectId(),
                        job.attempts(),
                        e.getClass().getSimpleName(),
                        e);
                Instant retryAt = clock.instant().plus(Duration.ofSeconds(Math.min(300, 5L * job.attempts())));
                tx.executeWithoutResult(
                        status -> jobs.reschedule(job, retryAt, e.getClass().getSimpleName()));
            } catch (RuntimeException again) {
                log.warn(
                        "Could not reschedule job {} {} ({}); its lease will expire",
                        job.kind(),
                        job.subjectId(),
                        again.toString());
            }
        } finally {
            inFlight.remove(job.leaseToken());
            slots.give(1);
            if (waitingForSlots) {
                signal.wake();
            }
        }
    }

    /**
     * Heartbeats, rescues of expired leases and the queue-depth sample, each at its own pace. A
     * heartbeat that failed is tried again on the next turn, before any rescue: were it left for
     * another third of a lease, this node's own rescue could take back a job it is still running.
     */
    private void housekeeping() {
        Instant now = Instant.now();
        if (now.isAfter(lastHeartbeat.plus(jobs.lease().dividedBy(3)))) {
            List<ClaimedJob> held = List.copyOf(inFlight.values());
            if (!held.isEmpty()) {
                jobs.dialect().heartbeat(jdbc, held, jobs.lease());
            }
            lastHeartbeat = now;
        }
        if (now.isAfter(lastRescue.plus(jobs.lease().dividedBy(4)))) {
            lastRescue = now;
            int rescued = tx.execute(status -> jobs.dialect().rescueExpired(jdbc));
            if (rescued > 0) {
                log.info("Rescued {} jobs whose lease had expired", rescued);
            }
        }
        if (now.isAfter(lastDepth.plusSeconds(5))) {
            lastDepth = now;
            queueDepth.set(jdbc.sql("select count(*) from jobs where state = 'ready'")
                    .query(Long.class)
                    .single());
        }
    }

    /**
     * Hands jobs this node holds back to the queue for any node, returning {@code attempts} of
     * their count (1 for a job that never started), and wakes the workers here and elsewhere.
     */
    private void putBack(List<ClaimedJob> held, int attempts) {
        if (held.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update jobs set state = 'ready', lease_owner = null, lease_token = null, lease_until = null,
                            attempts = attempts - :returned
                        where id in (:ids) and lease_token in (:tokens)""")
                .param("returned", attempts)
                .param("ids", held.stream().map(ClaimedJob::id).toList())
                .param("tokens", held.stream().map(ClaimedJob::leaseToken).toList())
                .update();
        signal.wake();
        wakeups.announce();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
