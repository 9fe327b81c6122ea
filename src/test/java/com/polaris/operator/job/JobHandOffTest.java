package com.polaris.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs enqueued on a node with a free slot run on that node without a claim, on PostgreSQL. The
 * nodes here run on a database of their own: no worker of another test claims these jobs, so each
 * node's hand-off and claim counters count only what the test did.
 */
class JobHandOffTest {

    private static final int CONCURRENCY = 4;
    private static final String NODE = "hand-a";
    private static final String HANDED_OFF = "polaris.jobs.handed.off";
    private static final String CLAIMED = "polaris.jobs.claimed";

    private static String database;
    private static ConfigurableApplicationContext node;

    @BeforeAll
    static void startNode() {
        database = PostgresDatabase.fresh();
        node = node(NODE);
    }

    @AfterAll
    static void stopNode() {
        RecordingHandlers.GATE.release(10_000);
        node.close();
    }

    @BeforeEach
    void clean() {
        RecordingHandlers.reset();
    }

    @AfterEach
    void finishEveryJob() {
        RecordingHandlers.GATE.release(10_000);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> jobsLeft() == 0 && slots(node).available() == CONCURRENCY);
    }

    @Test
    void jobEnqueuedInACommittedTransactionRunsOnItsNodeWithoutAClaim() {
        double handedOff = count(node, HANDED_OFF);
        double claimed = count(node, CLAIMED);

        Map<String, Object> written = inTransaction(node, jobs -> {
            jobs.enqueue("ws_test", RecordingHandlers.GATED, "handed-1", Instant.now());
            return row("handed-1");
        });

        assertThat(written)
                .containsEntry("state", "running")
                .containsEntry("lease_owner", NODE)
                .containsEntry("attempts", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingHandlers.RUNS.containsKey("handed-1"));
        assertThat(row("handed-1")).as("held while it runs").containsEntry("state", "running");

        RecordingHandlers.GATE.release(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> jobsLeft() == 0);
        assertThat(RecordingHandlers.RUNS.get("handed-1")).hasValue(1);
        assertThat(RecordingHandlers.BY_NODE).containsOnlyKeys(NODE);
        assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff + 1);
        assertThat(count(node, CLAIMED)).isEqualTo(claimed);
    }

    @Test
    void rolledBackEnqueueRunsNothingWritesNothingAndGivesItsSlotBack() {
        double handedOff = count(node, HANDED_OFF);
        TransactionTemplate tx = node.getBean(TransactionTemplate.class);
        Jobs jobs = node.getBean(Jobs.class);

        for (int i = 0; i < 50; i++) {
            String subject = "rolled-back-" + i;
            tx.executeWithoutResult(status -> {
                jobs.enqueue("ws_test", RecordingHandlers.QUICK, subject, Instant.now());
                status.setRollbackOnly();
            });
            assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                        jobs.enqueue("ws_test", RecordingHandlers.QUICK, subject + "-thrown", Instant.now());
                        throw new IllegalStateException("the change that needed the job failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }

        assertThat(slots(node).available()).isEqualTo(CONCURRENCY);
        assertThat(jobsLeft()).isZero();
        assertNodeRunsAsManyJobsAtOnceAsItHasSlots("after-rollbacks");
        assertThat(RecordingHandlers.RUNS.keySet()).noneMatch(subject -> subject.startsWith("rolled-back-"));
        assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff + CONCURRENCY);
    }

    @Test
    void enqueueWhoseInsertFailsGivesItsSlotBack() {
        TransactionTemplate tx = node.getBean(TransactionTemplate.class);
        Jobs jobs = node.getBean(Jobs.class);
        String tooLongKind = "k".repeat(41);

        for (int i = 0; i < CONCURRENCY * 2; i++) {
            String subject = "not-written-" + i;
            assertThatThrownBy(() -> tx.executeWithoutResult(
                            status -> jobs.enqueue("ws_test", tooLongKind, subject, Instant.now())))
                    .isInstanceOf(DataAccessException.class);
        }

        assertThat(slots(node).available()).isEqualTo(CONCURRENCY);
        assertNodeRunsAsManyJobsAtOnceAsItHasSlots("after-failed-inserts");
    }

    @Test
    void withEverySlotBusyANewJobWaitsReadyAndIsClaimedOnceASlotFrees() {
        fillEverySlot("busy");
        double handedOff = count(node, HANDED_OFF);
        double claimed = count(node, CLAIMED);

        Map<String, Object> written = inTransaction(node, jobs -> {
            jobs.enqueue("ws_test", RecordingHandlers.GATED, "waiting", Instant.now());
            return row("waiting");
        });

        assertThat(written).containsEntry("state", "ready").containsEntry("attempts", 0);
        assertThat(written.get("lease_owner")).isNull();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> !RecordingHandlers.RUNS.containsKey("waiting"));

        RecordingHandlers.GATE.release(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingHandlers.RUNS.containsKey("waiting"));
        assertThat(count(node, CLAIMED)).isEqualTo(claimed + 1);
        assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff);
        assertThat(RecordingHandlers.peakOn(NODE)).isEqualTo(CONCURRENCY);
    }

    @Test
    void handOffsAndClaimsTogetherNeverRunMoreJobsThanTheNodeHasSlots() {
        double handedOff = count(node, HANDED_OFF);
        double claimed = count(node, CLAIMED);
        int rounds = 30;

        for (int round = 0; round < rounds; round++) {
            int r = round;
            inTransaction(node, jobs -> {
                for (int j = 0; j < 3; j++) {
                    jobs.enqueue("ws_test", RecordingHandlers.GATED, "mixed-" + r + "-" + j, Instant.now());
                }
                return null;
            });
            RecordingHandlers.GATE.release(2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> running() >= CONCURRENCY);
        RecordingHandlers.GATE.release(10_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobsLeft() == 0);

        assertThat(RecordingHandlers.RUNS).hasSize(rounds * 3);
        assertThat(RecordingHandlers.RUNS.values()).allMatch(runs -> runs.get() == 1);
        assertThat(RecordingHandlers.OVERLAPS).hasValue(0);
        assertThat(RecordingHandlers.peakOn(NODE)).isEqualTo(CONCURRENCY);
        double byHandOff = count(node, HANDED_OFF) - handedOff;
        double byClaim = count(node, CLAIMED) - claimed;
        assertThat(byHandOff).as("handed off").isPositive();
        assertThat(byClaim).as("claimed").isPositive();
        assertThat(byHandOff + byClaim).isEqualTo(rounds * 3);
    }

    @Test
    void batchWithMoreDueJobsThanFreeSlotsHandsOffAsManyAsThereAreSlotsAndLeavesTheRestReady() {
        double handedOff = count(node, HANDED_OFF);
        double claimed = count(node, CLAIMED);
        int due = CONCURRENCY + 3;
        Instant later = Instant.now().plus(Duration.ofHours(1));

        try {
            List<Map<String, Object>> written = inTransaction(node, jobs -> {
                var batch = new ArrayList<Jobs.NewJob>();
                batch.add(new Jobs.NewJob("ws_test", RecordingHandlers.QUICK, "batch-later", later));
                IntStream.range(0, due)
                        .forEach(i -> batch.add(
                                new Jobs.NewJob("ws_test", RecordingHandlers.GATED, "batch-" + i, Instant.now())));
                jobs.enqueueAll(batch);
                return IntStream.range(0, due).mapToObj(i -> row("batch-" + i)).toList();
            });

            assertThat(written.subList(0, CONCURRENCY))
                    .allSatisfy(row -> assertThat(row)
                            .containsEntry("state", "running")
                            .containsEntry("lease_owner", NODE)
                            .containsEntry("attempts", 1));
            assertThat(written.subList(CONCURRENCY, due)).allSatisfy(row -> {
                assertThat(row).containsEntry("state", "ready").containsEntry("attempts", 0);
                assertThat(row.get("lease_owner")).isNull();
            });
            assertThat(row("batch-later")).containsEntry("state", "ready");
            await().atMost(Duration.ofSeconds(5)).until(() -> running() == CONCURRENCY);

            RecordingHandlers.GATE.release(due);

            await().atMost(Duration.ofSeconds(10)).until(() -> jobsLeft() == 1);
            assertThat(RecordingHandlers.RUNS).hasSize(due).doesNotContainKey("batch-later");
            assertThat(RecordingHandlers.RUNS.values()).allMatch(runs -> runs.get() == 1);
            assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff + CONCURRENCY);
            assertThat(count(node, CLAIMED)).isEqualTo(claimed + 3);
        } finally {
            deleteJobsDueLater();
        }
    }

    @Test
    void batchOfMoreThanOneStatementHandsOffJobsDueInItsLaterStatements() {
        double handedOff = count(node, HANDED_OFF);
        Instant later = Instant.now().plus(Duration.ofHours(1));
        try {
            inTransaction(node, jobs -> {
                var batch = new ArrayList<Jobs.NewJob>();
                IntStream.range(0, 120)
                        .forEach(i ->
                                batch.add(new Jobs.NewJob("ws_test", RecordingHandlers.QUICK, "waits-" + i, later)));
                IntStream.range(0, 3)
                        .forEach(i -> batch.add(new Jobs.NewJob(
                                "ws_test", RecordingHandlers.QUICK, "second-statement-" + i, Instant.now())));
                jobs.enqueueAll(batch);
                return null;
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> jobsLeft() == 120);
            assertThat(RecordingHandlers.RUNS)
                    .containsOnlyKeys("second-statement-0", "second-statement-1", "second-statement-2");
            assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff + 3);
        } finally {
            deleteJobsDueLater();
        }
    }

    @Test
    void batchWhoseLaterStatementFailsWritesNothingAndGivesEverySlotBack() {
        TransactionTemplate tx = node.getBean(TransactionTemplate.class);
        Jobs jobs = node.getBean(Jobs.class);
        var batch = new ArrayList<Jobs.NewJob>();
        IntStream.range(0, 150)
                .forEach(i -> batch.add(new Jobs.NewJob(
                        "ws_test", i == 120 ? "k".repeat(41) : RecordingHandlers.QUICK, "never-" + i, Instant.now())));

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> jobs.enqueueAll(batch)))
                .isInstanceOf(DataAccessException.class);

        assertThat(jobsLeft()).isZero();
        assertThat(slots(node).available()).isEqualTo(CONCURRENCY);
        assertThat(RecordingHandlers.RUNS).isEmpty();
        assertNodeRunsAsManyJobsAtOnceAsItHasSlots("after-failed-batch");
    }

    @Test
    void nodeWithItsWorkerOffNeverHandsOffAndAnotherNodeRunsItsJobs() {
        double claimed = count(node, CLAIMED);
        double handedOff = count(node, HANDED_OFF);
        try (var idle = node("hand-idle", "--polaris.jobs.enabled=false")) {
            List<Map<String, Object>> written = inTransaction(idle, jobs -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    jobs.enqueue("ws_test", RecordingHandlers.QUICK, "idle-" + i, Instant.now());
                    rows.add(row(idle, "idle-" + i));
                }
                return rows;
            });

            assertThat(written).allSatisfy(row -> {
                assertThat(row).containsEntry("state", "ready");
                assertThat(row.get("lease_owner")).isNull();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> jobsLeft() == 0);
            assertThat(RecordingHandlers.RUNS).hasSize(10);
            assertThat(RecordingHandlers.RUNS.values()).allMatch(runs -> runs.get() == 1);
            assertThat(RecordingHandlers.BY_NODE).containsOnlyKeys(NODE);
            assertThat(count(idle, HANDED_OFF)).isZero();
            assertThat(count(idle, CLAIMED)).isZero();
            assertThat(count(node, CLAIMED)).isEqualTo(claimed + 10);
            assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff);
        }
    }

    @Test
    void handedOffJobOfANodeThatDiesBeforeRunningItIsRescuedByAnotherNodeAndRunsOnce() {
        double claimed = count(node, CLAIMED);
        Map<String, Object> written;
        try (var doomed = node("hand-doomed")) {
            // Stands in for a node that dies between the commit and the run: the job is written
            // leased to it, and its worker never gets it.
            slots(doomed).open(job -> {});
            written = inTransaction(doomed, jobs -> {
                jobs.enqueue("ws_test", RecordingHandlers.QUICK, "orphan", Instant.now());
                return row(doomed, "orphan");
            });
        }
        assertThat(written).containsEntry("state", "running").containsEntry("lease_owner", "hand-doomed");
        assertThat(row("orphan")).as("still held by the dead node").containsEntry("lease_owner", "hand-doomed");

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jobsLeft() == 0);

        assertThat(RecordingHandlers.RUNS).containsOnlyKeys("orphan");
        assertThat(RecordingHandlers.RUNS.get("orphan")).hasValue(1);
        assertThat(RecordingHandlers.BY_NODE).containsOnlyKeys(NODE);
        assertThat(count(node, CLAIMED)).isEqualTo(claimed + 1);
    }

    /** Enqueues one held job per slot in one transaction and waits until all of them run at once. */
    private void fillEverySlot(String prefix) {
        double handedOff = count(node, HANDED_OFF);
        double claimed = count(node, CLAIMED);
        inTransaction(node, jobs -> {
            IntStream.range(0, CONCURRENCY)
                    .forEach(i -> jobs.enqueue("ws_test", RecordingHandlers.GATED, prefix + "-" + i, Instant.now()));
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> running() == CONCURRENCY);
        assertThat(count(node, HANDED_OFF)).isEqualTo(handedOff + CONCURRENCY);
        assertThat(count(node, CLAIMED)).isEqualTo(claimed);
        assertThat(slots(node).available()).isZero();
    }

    private void assertNodeRunsAsManyJobsAtOnceAsItHasSlots(String prefix) {
        fillEverySlot(prefix);
        RecordingHandlers.GATE.release(CONCURRENCY);
        await().atMost(Duration.ofSeconds(5)).until(() -> jobsLeft() == 0);
        assertThat(RecordingHandlers.peakOn(NODE)).isEqualTo(CONCURRENCY);
    }

    private static void deleteJobsDueLater() {
        jdbc().sql("delete from jobs where state = 'ready' and run_at > ?")
                .param(Timestamp.from(Instant.now().plus(Duration.ofMinutes(30))))
                .update();
    }

    private static int running() {
        var running = RecordingHandlers.RUNNING_ON_NODE.get(NODE);
        return running == null ? 0 : running.get();
    }

    private static <T> T inTransaction(ConfigurableApplicationContext on, Function<Jobs, T> work) {
        Jobs jobs = on.getBean(Jobs.class);
        return on.getBean(TransactionTemplate.class).execute(status -> work.apply(jobs));
    }

    private static Map<String, Object> row(String subject) {
        return row(node, subject);
    }

    /** The job's row as {@code on} sees it: inside a transaction of {@code on}, before it commits, too. */
    private static Map<String, Object> row(ConfigurableApplicationContext on, String subject) {
        return on.getBean(JdbcClient.class)
                .sql("select state, lease_owner, attempts from jobs where subject_id = ?")
                .param(subject)
                .query()
                .singleRow();
    }

    private static long jobsLeft() {
        return jdbc().sql("select count(*) from jobs").query(Long.class).single();
    }

    private static JdbcClient jdbc() {
        return node.getBean(JdbcClient.class);
    }

    private static JobSlots slots(ConfigurableApplicationContext on) {
        return on.getBean(JobSlots.class);
    }

    private static double count(ConfigurableApplicationContext on, String counter) {
        return on.getBean(MeterRegistry.class).get(counter).counter().count();
    }

    private static ConfigurableApplicationContext node(String nodeId, String... more) {
        var arguments = new ArrayList<>(List.of(
                "--polaris.jobs.lease=4s",
                "--polaris.jobs.concurrency=" + CONCURRENCY,
                "--polaris.jobs.poll-interval=50ms",
                "--spring.datasource.hikari.maximum-pool-size=6"));
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(OperatorApplication.class, RecordingHandlers.class)
                .run(PostgresDatabase.nodeArgumentsOn(database, nodeId, arguments.toArray(String[]::new)));
    }
}
