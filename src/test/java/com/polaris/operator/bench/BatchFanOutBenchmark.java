package com.polaris.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fan-out of a 10,000-item batch of an internal tool ({@code create_lead}, approval none,
 * background) from its approval to every action completed, beside the same tool proposed one action
 * at a time in the same run (32 clients, each action run from the queue), and the heap the service
 * used meanwhile (sampled every 20 ms): while the 10,000-item request was built, sent and stored,
 * and, after a collection, from its approval until every action completed. Not part
 * of the test suite: {@code ./mvnw -Pbenchmark test -Dtest=BatchFanOutBenchmark}; options {@code
 * bench.batch-items} (default 10,000) and {@code bench.single-proposals} (default 5,000).
 */
@Tag("benchmark")
class BatchFanOutBenchmark extends PostgresApiTest {

    private static final int ITEMS = Integer.getInteger("bench.batch-items", 10_000);
    private static final int SINGLES = Integer.getInteger("bench.single-proposals", 5_000);
    private static final int CLIENTS = 32;

    @Autowired
    JdbcClient jdbc;

    @Test
    void run() throws Exception {
        tenant().savePolicy("create_lead", "none", "background", Map.of("businessHours", false));

        // Warm-up: a small batch and some single proposals, untimed.
        runBatch(tenant(), agent(), 1_000, "Warm-up", new AtomicLong(), new AtomicLong());
        singles(agent(), 1_000);

        double singleRate = singles(agent(), SINGLES);
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        var peak = new AtomicLong(baseline);
        var live = new AtomicLong();
        var heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .filter(pool -> pool.getCollectionUsage() != null)
                .toList();
        var sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long afterCollections = heapPools.stream()
                        .mapToLong(pool -> pool.getCollectionUsage().getUsed())
                        .sum();
                live.accumulateAndGet(afterCollections, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        peakOfRequest = 0;
        double[] batch = runBatch(tenant(), agent(), ITEMS, "Bench", peak, live);
        sampler.interrupt();
        sampler.join();
        long max = memory.getHeapMemoryUsage().getMax();
        System.out.printf(
                Locale.ROOT,
                "%nBATCH FAN-OUT: %,d items, created in %.2f s (request), approval to all actions created %.2f s,"
                        + " to all completed %.2f s: %.0f actions/s%n"
                        + "SINGLE PROPOSALS: %,d by %d clients to all completed: %.0f actions/s%n"
                        + "HEAP: baseline %,d MiB after a collection, peak %,d MiB (+%,d MiB) of max %,d MiB;"
                        + " while the request was built, sent and stored: peak %,d MiB; from the approval on"
                        + " (after a collection: %,d MiB): peak %,d MiB%n"
                        + "HEAP LEFT AFTER COLLECTIONS (what stayed reachable): at most %,d MiB while the request"
                        + " was stored, at most %,d MiB from the approval on%n",
                ITEMS,
                batch[0],
                batch[1],
                batch[2],
                ITEMS / batch[2],
                SINGLES,
                CLIENTS,
                singleRate,
                baseline >> 20,
                Math.max(peak.get(), peakOfRequest) >> 20,
                (Math.max(peak.get(), peakOfRequest) - baseline) >> 20,
                max >> 20,
                peakOfRequest >> 20,
                baselineOfFanOut >> 20,
                peak.get() >> 20,
                liveOfRequest >> 20,
                live.get() >> 20);
    }

    /** The peak used heap while the last batch was built, sent and stored. */
    private long peakOfRequest;
    /** The most heap left after a collection while the last batch was built, sent and stored. */
    private long liveOfRequest;
    /** The used heap after a collection, just before the last batch was approved. */
    private long baselineOfFanOut;

    /**
     * Seconds: the create request, approval to every action created, approval to every action
     * completed. {@code peak} is reset to the heap after a collection once the batch is stored, so
     * it then holds the peak of the fan-out and the runs alone.
     */
    private double[] runBatch(Tenant tenant, Api agent, int count, String prefix, AtomicLong peak, AtomicLong live) {
        var items = new ArrayList<Map<String, Object>>(count);
        for (int i = 0; i < count; i++) {
            items.add(Map.of("arguments", Map.of("name", prefix + " lead " + i, "email", "lead" + i + "@example.com")));
        }
        long start = System.nanoTime();
        var created = agent.post("/api/v1/action-batches", Map.of("tool", "create_lead", "items", items));
        double request = (System.nanoTime() - start) / 1e9;
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        String approval = created.body().path("approval").path("id").asString();
        items.clear();
        var memory = ManagementFactory.getMemoryMXBean();
        peakOfRequest = peak.get();
        liveOfRequest = live.get();
        System.gc();
        baselineOfFanOut = memory.getHeapMemoryUsage().getUsed();
        peak.set(baselineOfFanOut);
        live.set(0);
        long approved = System.nanoTime();
        approveAs(tenant.owner(), approval);
        double allCreated = 0;
        while (true) {
            var batch = jdbc.sql("select status, fanned_out from action_batches where id = ?")
                    .param(id)
                    .query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
                    .single();
            if (allCreated == 0 && Integer.parseInt(batch.get(1)) == count) {
                allCreated = (System.nanoTime() - approved) / 1e9;
            }
            if (batch.getFirst().equals("completed")) {
                break;
            }
            sleep(Duration.ofMillis(20));
        }
        double done = (System.nanoTime() - approved) / 1e9;
        return new double[] {request, allCreated, done};
    }

    /** Actions per second: {@code count} single proposals by {@link #CLIENTS} clients, until all completed. */
    private double singles(Api agent, int count) throws Exception {
        String tool = "create_lead";
        long before = completed();
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(CLIENTS)) {
            var sent = new ArrayList<Future<Integer>>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                sent.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = client; i < count; i += CLIENTS) {
                        var answer = agent.post(
                                "/api/v1/actions",
                                Map.of(
                                        "tool",
                                        tool,
                                        "arguments",
                                        Map.of("name", "Single " + i, "email", "s@example.com")));
                        ok += answer.status() == 201 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (var f : sent) {
                f.get();
            }
        }
        while (completed() - before < count) {
            sleep(Duration.ofMillis(10));
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private long completed() {
        return jdbc.sql("select count(*) from actions where status = 'completed' and batch_id is null")
                .query(Long.class)
                .single();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
