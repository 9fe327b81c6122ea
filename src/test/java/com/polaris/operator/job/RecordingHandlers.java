package com.polaris.operator.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job handlers for queue tests: each run is counted per job and per node, two runs of one job at
 * the same time are caught, and the most jobs a node ran at once is kept. Jobs of kind
 * {@link #GATED} wait for a permit of {@link #GATE} before they finish, so a test can hold a
 * node's slots busy. Shared across the application contexts of one test JVM.
 */
@TestConfiguration
class RecordingHandlers {

    static final String QUICK = "test.quick";
    static final String SLOW = "test.slow";
    static final String GATED = "test.gated";

    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ACTIVE = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> BY_NODE = new ConcurrentHashMap<>();
    static final AtomicInteger OVERLAPS = new AtomicInteger();
    static final Map<String, AtomicInteger> RUNNING_ON_NODE = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> PEAK_ON_NODE = new ConcurrentHashMap<>();
    static final Semaphore GATE = new Semaphore(0);

    static void reset() {
        RUNS.clear();
        ACTIVE.clear();
        BY_NODE.clear();
        OVERLAPS.set(0);
        RUNNING_ON_NODE.clear();
        PEAK_ON_NODE.clear();
        GATE.drainPermits();
    }

    /** The most jobs {@code nodeId} ran at the same time since the last {@link #reset}. */
    static int peakOn(String nodeId) {
        AtomicInteger peak = PEAK_ON_NODE.get(nodeId);
        return peak == null ? 0 : peak.get();
    }

    @Bean
    JobHandler quickHandler(Jobs jobs, TransactionTemplate tx) {
        return new Recording(QUICK, Duration.ZERO, false, jobs, tx);
    }

    @Bean
    JobHandler slowHandler(Jobs jobs, TransactionTemplate tx) {
        return new Recording(SLOW, Duration.ofMillis(20), false, jobs, tx);
    }

    @Bean
    JobHandler gatedHandler(Jobs jobs, TransactionTemplate tx) {
        return new Recording(GATED, Duration.ZERO, true, jobs, tx);
    }

    private record Recording(String kind, Duration work, boolean gated, Jobs jobs, TransactionTemplate tx)
            implements JobHandler {

        @Override
        public void handle(ClaimedJob job) {
            if (ACTIVE.computeIfAbsent(job.subjectId(), k -> new AtomicInteger())
                            .incrementAndGet()
                    > 1) {
                OVERLAPS.incrementAndGet();
            }
            AtomicInteger running = RUNNING_ON_NODE.computeIfAbsent(jobs.nodeId(), k -> new AtomicInteger());
            int now = running.incrementAndGet();
            PEAK_ON_NODE
                    .computeIfAbsent(jobs.nodeId(), k -> new AtomicInteger())
                    .accumulateAndGet(now, Math::max);
            try {
                RUNS.computeIfAbsent(job.subjectId(), k -> new AtomicInteger()).incrementAndGet();
                BY_NODE.computeIfAbsent(jobs.nodeId(), k -> new AtomicInteger()).incrementAndGet();
                if (!work.isZero()) {
                    Thread.sleep(work.toMillis());
                }
                if (gated) {
                    GATE.acquire();
                }
                tx.executeWithoutResult(status -> jobs.complete(job));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                ACTIVE.get(job.subjectId()).decrementAndGet();
            }
        }
    }
}
