package com.polaris.operator.bench;

import com.polaris.operator.job.ClaimedJob;
import com.polaris.operator.job.JobHandler;
import com.polaris.operator.job.Jobs;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A job that does nothing: what the queue itself costs. Records when each job started. */
@TestConfiguration
class BenchHandlers {

    static final String NOOP = "bench.noop";
    static final AtomicLong DONE = new AtomicLong();
    /** Commit time of the enqueuing transaction (nanoTime) per subject, for latency runs. */
    static final Map<String, Long> ENQUEUED = new ConcurrentHashMap<>();
    /** Pickup delay (nanoseconds) per subject whose enqueue time was recorded. */
    static final Map<String, Long> PICKUP = new ConcurrentHashMap<>();

    @Bean
    JobHandler benchNoop(Jobs jobs) {
        return new JobHandler() {
            @Override
            public String kind() {
                return NOOP;
            }

            @Override
            public void handle(ClaimedJob job) {
                Long enqueued = ENQUEUED.get(job.subjectId());
                if (enqueued != null) {
                    PICKUP.put(job.subjectId(), System.nanoTime() - enqueued);
                }
                jobs.completeSoon(job);
                DONE.incrementAndGet();
            }
        };
    }
}
