package com.polaris.operator.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.polaris.operator.Api;
import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresDatabase;
import com.polaris.operator.job.Jobs;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures the durable queue and the proposal path against the local PostgreSQL with durable
 * commits. Not part of the test suite: run it with {@code ./mvnw -Pbenchmark test}; results go to
 * standard output and {@code target/benchmark-results.md}. Method and latest figures: BENCHMARKS.md.
 */
@Tag("benchmark")
class QueueBenchmark {

    private static final int THROUGHPUT_JOBS = Integer.getInteger("bench.jobs", 100_000);
    private static final int THROUGHPUT_WARM_UP = Integer.getInteger("bench.jobs-warm-up", 50_000);
    private static final int HTTP_ACTIONS = Integer.getInteger("bench.actions", 20_000);
    private static final Duration LATENCY_RUN = Duration.ofSeconds(Integer.getInteger("bench.latency-seconds", 20));

    private final StringBuilder report = new StringBuilder();

    @Test
    void run() throws Exception {
        String only = System.getProperty("bench.only", "abcd");
        assumeTrue(only.matches(".*[abc].*"), "bench.only leaves out (a), (b) and (c)");
        String url = PostgresDatabase.fresh();
        line("# Queue benchmark, %s", Instant.now());
        line(
                "JVM %s, %d cores, max heap %d MB",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        try (Connection c = DriverManager.getConnection(url, PostgresDatabase.user(), PostgresDatabase.password())) {
            var rs = c.createStatement()
                    .executeQuery(
                            "select version(), current_setting('synchronous_commit'), " + "current_setting('fsync')");
            rs.next();
            line("%s; synchronous_commit=%s, fsync=%s", rs.getString(1), rs.getString(2), rs.getString(3));
        }

        double oneNode = Double.parseDouble(System.getProperty("bench.rate", "5000")) * 2;
        try (var a = node(url, "a")) {
            if (only.contains("a")) {
                // Untimed first: the JIT compiles the claim and completion paths while it runs.
                throughput(url, List.of(a), THROUGHPUT_WARM_UP);
                oneNode = throughput(url, List.of(a), THROUGHPUT_JOBS);
                line("(a) no-op jobs, 1 node: %,.0f jobs/s", oneNode);
                try (var b = node(url, "b")) {
                    double twoNodes = throughput(url, List.of(a, b), THROUGHPUT_JOBS);
                    line("(a) no-op jobs, 2 nodes: %,.0f jobs/s", twoNodes);
                }
            }
            if (only.contains("b")) {
                // The throughput runs leave hundreds of thousands of finished (dead) job rows that
                // every claim has to step over until the table is vacuumed, as autovacuum does
                // between such bursts on a live installation.
                vacuumJobs(url);
                latency("enqueued on the worker's node", a, a, oneNode / 2);
                vacuumJobs(url);
                try (var producer = node(url, "p", "--polaris.jobs.enabled=false")) {
                    latency("enqueued on another node (woken by NOTIFY)", producer, a, oneNode / 2);
                }
                line("RSS after the queue runs: %d MB", rssMegabytes());
            }
            if (only.contains("c")) {
                proposals(a);
                line("RSS after the HTTP run: %d MB", rssMegabytes());
            }
        }
        Files.writeString(Path.of("target/benchmark-results.md"), report);
    }

    /** Enqueues {@code count} held-back jobs in bulk, releases them at once, and times until every one ran. */
    private double throughput(String url, List<ConfigurableApplicationContext> nodes, int count) throws Exception {
        BenchHandlers.DONE.set(0);
        BenchHandlers.ENQUEUED.clear();
        try (Connection c = DriverManager.getConnection(url, PostgresDatabase.user(), PostgresDatabase.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, created_at)
                    values ('ws_bench', ?, ?, 'ready', ?, 0, ?)""")) {
                Timestamp later = Timestamp.from(Instant.now().plusSeconds(3600));
                for (int i = 0; i < count; i++) {
                    insert.setString(1, BenchHandlers.NOOP);
                    insert.setString(2, "job-" + i);
                    insert.setTimestamp(3, later);
                    insert.setTimestamp(4, later);
                    insert.addBatch();
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("vacuum analyze jobs");
            c.setAutoCommit(false);
            long start = System.nanoTime();
            c.createStatement().executeUpdate("update jobs set run_at = now() where kind = 'bench.noop'");
            c.commit();
            c.createStatement().execute("notify polaris_jobs");
            c.commit();
            while (BenchHandlers.DONE.get() < count) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            while (remaining(c) > 0) {
                Thread.sleep(10);
            }
            return count / seconds;
        }
    }

    /**
     * Single-job transactions at a steady rate; pickup = start of the handler minus the commit of
     * the enqueuing transaction (taken in a synchronization registered before the queue's own, so
     * it is always recorded before the worker is woken).
     */
    private void latency(
            String where, ConfigurableApplicationContext producer, ConfigurableApplicationContext worker, double rate)
            throws Exception {
        BenchHandlers.ENQUEUED.clear();
        BenchHandlers.PICKUP.clear();
        Jobs jobs = producer.getBean(Jobs.class);
        TransactionTemplate tx = producer.getBean(TransactionTemplate.class);
        MeterRegistry meters = worker.getBean(MeterRegistry.class);
        double handedOffBefore = meters.counter("polaris.jobs.handed.off").count();
        double claimedBefore = meters.counter("polaris.jobs.claimed").count();
        int producers = 8;
        long intervalNanos = (long) (1e9 * producers / rate);
        long end = System.nanoTime() + LATENCY_RUN.toNanos();
        AtomicInteger sequence = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(producers)) {
            for (int p = 0; p < producers; p++) {
                pool.submit(() -> {
                    long next = System.nanoTime();
                    while (next < end) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        String subject = "lat-" + sequence.incrementAndGet();
                        tx.executeWithoutResult(s -> {
                            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public void afterCommit() {
                                    BenchHandlers.ENQUEUED.put(subject, System.nanoTime());
                                }
                            });
                            jobs.enqueue("ws_bench", BenchHandlers.NOOP, subject, Instant.now());
                        });
                        next += intervalNanos;
                    }
                    return null;
                });
            }
        }
        // Every enqueued job has run before the figures are read, so a backlog counts with its full
        // wait and does not spill into the next run.
        int produced = BenchHandlers.ENQUEUED.size();
        JdbcClient jdbc = worker.getBean(JdbcClient.class);
        while (jdbc.sql("select count(*) from jobs where kind = ?")
                        .param(BenchHandlers.NOOP)
                        .query(Long.class)
                        .single()
                > 0) {
            Thread.sleep(10);
        }
        long[] micros = BenchHandlers.PICKUP.values().stream()
                .mapToLong(n -> n / 1000)
                .sorted()
                .toArray();
        BenchHandlers.ENQUEUED.clear();
        BenchHandlers.PICKUP.clear();
        double achieved = produced / (double) LATENCY_RUN.toSeconds();
        line(
                "(b) pickup latency, %s, at %,.0f jobs/s (asked %,.0f/s, %d jobs): %s",
                where, achieved, rate, micros.length, Latencies.percentiles(micros));
        line(
                "    handed to this node's worker at commit: %,.0f; claimed by the worker: %,.0f",
                meters.counter("polaris.jobs.handed.off").count() - handedOffBefore,
                meters.counter("polaris.jobs.claimed").count() - claimedBefore);
    }

    /** Background create_lead actions proposed over HTTP by many clients; timed until all completed. */
    private void proposals(ConfigurableApplicationContext node) throws Exception {
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        var platform = new Api("http://localhost:" + port, "bench-platform-token");
        var created = platform.post(
                "/api/v1/workspaces",
                Map.of(
                        "name",
                        "Bench",
                        "ownerEmail",
                        "bench" + System.nanoTime() + "@example.com",
                        "ownerPassword",
                        "bench password 123",
                        "timezone",
                        "UTC"));
        var owner = platform.as(created.text("ownerToken"));
        owner.put(
                "/api/v1/tools/create_lead/policy",
                Map.of("approval", "none", "execution", "background", "businessHours", false));
        String key = owner.post("/api/v1/api-keys", Map.of("name", "bench")).text("key");
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        String workspace = created.text("id");

        int clients = Integer.getInteger("bench.clients", 32);
        // The ceiling of the HTTP stack alone on this machine: an authenticated request that reads
        // nothing from the database (the caller is cached), answered with a small JSON document.
        // Both runs start after a warm-up long enough for the JIT to compile the request path: on two
        // cores it still takes a fifth of the machine for half a minute, which a short warm-up
        // would charge to the measured run.
        int ceilingRequests = 20_000;
        concurrently(
                port,
                key,
                clients,
                ceilingRequests,
                (client, i) -> client.send("GET", "/api/v1/policy-presets", "") == 200);
        long ceilingStart = System.nanoTime();
        int ceilingFailures = concurrently(
                port,
                key,
                clients,
                ceilingRequests,
                (client, i) -> client.send("GET", "/api/v1/policy-presets", "") == 200);
        line(
                "(c) HTTP ceiling: GET /api/v1/policy-presets (authenticated, no database) by %d clients: %,.0f requests/s (%d failed)",
                clients, ceilingRequests / ((System.nanoTime() - ceilingStart) / 1e9), ceilingFailures);

        // Warm-up: lets the JIT compile the proposal and run paths, and fills the tables so that
        // PostgreSQL plans with real statistics. A live installation's autovacuum analyzes a table
        // after its first 50 changes and then after every tenth of it; without an analyze,
        // PostgreSQL keeps the plans it made while the tables were empty (the audit chain-head
        // look-up then scans every event of the workspace), so the harness analyzes early and again
        // before the measured run.
        int warmUp = Integer.getInteger("bench.warm-up", 30_000);
        long warmUpStart = System.nanoTime();
        int firstPart = Math.min(warmUp, 2_000);
        int accepted = firstPart - propose(port, key, 0, firstPart, clients);
        awaitCompleted(jdbc, workspace, accepted);
        jdbc.sql("analyze").update();
        accepted += warmUp - firstPart - propose(port, key, firstPart, warmUp - firstPart, clients);
        awaitCompleted(jdbc, workspace, accepted);
        line(
                "(c) warm-up: %,d create_lead actions completed in %.1f s",
                warmUp, (System.nanoTime() - warmUpStart) / 1e9);
        jdbc.sql("analyze").update();
        Thread.sleep(1000);

        MeterRegistry meters = node.getBean(MeterRegistry.class);
        double handedOffBefore = meters.counter("polaris.jobs.handed.off").count();
        double claimedBefore = meters.counter("polaris.jobs.claimed").count();
        long start = System.nanoTime();
        int failures = propose(port, key, warmUp, HTTP_ACTIONS, clients);
        double proposeSeconds = (System.nanoTime() - start) / 1e9;
        accepted += HTTP_ACTIONS - failures;
        awaitCompleted(jdbc, workspace, accepted);
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        String metrics = platform.as(null)
                .sendRaw("GET", "/actuator/prometheus", "", "text/plain")
                .raw()
                .body();
        metrics.lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_")
                        && l.contains("/api/v1/actions\"")
                        && l.contains("POST")
                        && !l.contains("bucket"))
                .forEach(l -> line("    %s", l));
        line(
                "    runs handed to the worker at commit: %,.0f; claimed by the worker: %,.0f",
                meters.counter("polaris.jobs.handed.off").count() - handedOffBefore,
                meters.counter("polaris.jobs.claimed").count() - claimedBefore);
        line(
                "    shared transactions (warm-up included): proposals %.1f per transaction, runs %.1f",
                meters.get("polaris.shared.transactions")
                        .tag("work", "proposals")
                        .summary()
                        .mean(),
                meters.get("polaris.shared.transactions")
                        .tag("work", "runs")
                        .summary()
                        .mean());
        line(
                "(c) HTTP: %,d create_lead actions by %d clients: proposals %,.0f/s; all completed after %.1f s = %,.0f actions/s end to end (%d refused)",
                HTTP_ACTIONS,
                clients,
                HTTP_ACTIONS / proposeSeconds,
                totalSeconds,
                HTTP_ACTIONS / totalSeconds,
                failures);

        String askedRate = System.getProperty("bench.http-rate");
        double rate = askedRate == null ? HTTP_ACTIONS / totalSeconds / 2 : Double.parseDouble(askedRate);
        pacedProposals(jdbc, port, key, workspace, warmUp + HTTP_ACTIONS, accepted, clients, rate);
    }

    /**
     * Proposals paced evenly at {@code rate} for the latency run's length. Two latencies per action:
     * the answer, from the moment the proposal was due to be sent (so a client held up by a slow
     * answer does not hide the wait of the next one), and the pickup of its background run, from the
     * action's creation (taken when the proposal passed its checks, before its transaction commits)
     * to the start of its first attempt, both on the node's clock. Proposals are numbered from
     * {@code first}; {@code createdBefore} actions of the workspace were created before them.
     */
    private void pacedProposals(
            JdbcClient jdbc,
            int port,
            String key,
            String workspace,
            int first,
            int createdBefore,
            int clients,
            double rate)
            throws InterruptedException {
        int count = (int) (rate * LATENCY_RUN.toSeconds());
        long[] answerMicros = new long[count];
        Instant since = Instant.now().minusMillis(1);
        // The first proposal is due a little later, once every client thread has started.
        long start = System.nanoTime() + 100_000_000;
        int failures = concurrently(port, key, clients, count, (client, i) -> {
            long due = start + (long) (i * 1e9 / rate);
            LockSupport.parkNanos(due - System.nanoTime());
            boolean created = proposeOne(client, first + i);
            answerMicros[i] = (System.nanoTime() - due) / 1000;
            return created;
        });
        double achieved = count / ((System.nanoTime() - start) / 1e9);
        awaitCompleted(jdbc, workspace, createdBefore + count - failures);
        Arrays.sort(answerMicros);
        long[] pickupMicros = jdbc.sql("""
                        select extract(epoch from (t.started_at - a.created_at)) * 1000000
                        from actions a join action_attempts t on t.action_id = a.id and t.attempt = 1
                        where a.workspace_id = ? and a.created_at >= ?""").params(workspace, Timestamp.from(since)).query(Double.class).list().stream()
                .mapToLong(Double::longValue)
                .sorted()
                .toArray();
        line(
                "(c) latency at %,.0f proposals/s (asked %,.0f/s, %d actions, %d refused):",
                achieved, rate, count, failures);
        line("    answer to the proposal: %s", Latencies.percentiles(answerMicros));
        line(
                "    creation to start of the background run (%d runs): %s",
                pickupMicros.length, Latencies.percentiles(pickupMicros));
    }

    /** {@code count} create_lead proposals numbered from {@code first}, by {@code clients} clients; the refused ones. */
    private static int propose(int port, String key, int first, int count, int clients) throws InterruptedException {
        return concurrently(port, key, clients, count, (client, i) -> proposeOne(client, first + i));
    }

    /** Proposes create_lead number {@code n}; true when the action was created. */
    private static boolean proposeOne(LoadClient client, int n) {
        return client.send("POST", "/api/v1/actions", """
                {"tool":"create_lead","arguments":{"name":"Lead %1$d","email":"lead%1$d@example.com"},\
                "conversation":{"id":"bench-%1$d","channel":"web"}}""".formatted(n)) == 201;
    }

    /** A request numbered {@code i} sent by one load thread's client; true when answered as expected. */
    private interface Request {
        boolean send(LoadClient client, int i);
    }

    /**
     * Sends requests 0 … count-1 from {@code clients} threads, each with its own kept-alive
     * connection; how many were answered wrong.
     */
    private static int concurrently(int port, String key, int clients, int count, Request request)
            throws InterruptedException {
        var failures = new AtomicInteger();
        var next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var client = new LoadClient(port, key)) {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        if (!request.send(client, i)) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return failures.get();
    }

    private static void awaitCompleted(JdbcClient jdbc, String workspace, long count) throws InterruptedException {
        while (completed(jdbc, workspace) < count) {
            Thread.sleep(100);
        }
    }

    /** Counts completed actions: a scan of the workspace's actions, so callers poll it only every 100 ms. */
    private static long completed(JdbcClient jdbc, String workspace) {
        return jdbc.sql("select count(*) from actions where workspace_id = ? and status = 'completed'")
                .param(workspace)
                .query(Long.class)
                .single();
    }

    private static void vacuumJobs(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresDatabase.user(), PostgresDatabase.password())) {
            c.createStatement().execute("vacuum analyze jobs");
        }
    }

    private static long remaining(Connection c) throws Exception {
        var rs = c.createStatement().executeQuery("select count(*) from jobs where kind = 'bench.noop'");
        rs.next();
        long n = rs.getLong(1);
        c.commit();
        return n;
    }

    private static ConfigurableApplicationContext node(String url, String name, String... more) {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--polaris.data-dir=target/bench-data",
                "--spring.threads.virtual.enabled=" + System.getProperty("bench.virtual", "true"),
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + PostgresDatabase.user(),
                "--spring.datasource.password=" + PostgresDatabase.password(),
                "--polaris.jobs.node-id=" + name,
                "--polaris.platform-token=bench-platform-token",
                "--logging.level.root=WARN",
                "--polaris.jobs.concurrency=" + Integer.getInteger("bench.concurrency", 256)));
        String batchSize = System.getProperty("bench.batch-size");
        if (batchSize != null) {
            arguments.add("--polaris.jobs.batch-size=" + batchSize);
        }
        // Further settings of the nodes under test, e.g. -Dbench.node-args="--polaris.shared-transactions.lanes=4"
        String nodeArgs = System.getProperty("bench.node-args", "").strip();
        if (!nodeArgs.isEmpty()) {
            arguments.addAll(List.of(nodeArgs.split("\\s+")));
        }
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(OperatorApplication.class, BenchHandlers.class)
                .run(arguments.toArray(String[]::new));
    }

    private static long rssMegabytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
                .findFirst()
                .orElse(-1L);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }
}
