package com.polaris.operator.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job handlers for queue tests: each run is counted per job and per node, and two runs of one
 * job at the same time are caught. Shared across the application contexts of one test JVM.
 */
@TestConfiguration
class RecordingHandlers {

    static final String QUICK = "test.quick";
    static final String SLOW = "test.slow";

    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ACTIVE = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> BY_NODE = new ConcurrentHashMap<>();
    static final AtomicInteger OVERLAPS = new AtomicInteger();

    static void reset() {
        RUNS.clear();
        ACTIVE.clear();
        BY_NODE.clear();
        OVERLAPS.set(0);
    }

    @Bean
    JobHandler quickHandler(Jobs jobs, TransactionTemplate tx) {
        return new Recording(QUICK, Duration.ZERO, jobs, tx);
    }

    @Bean
    JobHandler slowHandler(Jobs jobs, TransactionTemplate tx) {
        return new Recording(SLOW, Duration.ofMillis(20), jobs, tx);
    }

    private record Recording(String kind, Duration work, Jobs jobs, TransactionTemplate tx) implements JobHandler {

        @Override
        public void handle(ClaimedJob job) {
            if (ACTIVE.computeIfAbsent(job.subjectId(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                OVERLAPS.incrementAndGet();
            }
            try {
                RUNS.computeIfAbsent(job.subjectId(), k -> new AtomicInteger()).incrementAndGet();
                BY_NODE.computeIfAbsent(jobs.nodeId(), k -> new AtomicInteger()).incrementAndGet();
                if (!work.isZero()) {
                    Thread.sleep(work.toMillis());
                }
                tx.executeWithoutResult(status -> jobs.complete(job));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ACTIVE.get(job.subjectId()).decrementAndGet();
            }
        }
    }
}
