package com.polaris.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.PostgresDatabase;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable queue on PostgreSQL: many nodes, rescued leases, fenced completion, lost connections. */
@Import(RecordingHandlers.class)
@TestPropertySource(
        properties = {
            "polaris.jobs.lease=4s",
            "polaris.jobs.concurrency=16",
            "polaris.jobs.node-id=node-a",
            "polaris.metrics.token=" + JobQueueTest.METRICS_TOKEN
        })
class JobQueueTest extends PostgresApiTest {

    static final String METRICS_TOKEN = "metrics-test-token";

    @Autowired
    Jobs jobs;

    @Autowired
    JobDialect dialect;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @BeforeEach
    void clean() {
        RecordingHandlers.reset();
    }

    @Test
    void twoNodesWorkTenThousandJobsEachExactlyOnceAndNeverTwiceAtOnce() {
        try (var nodeB = secondNode("node-b")) {
            enqueue(RecordingHandlers.QUICK, 10_000);

            awaitQueueEmpty(RecordingHandlers.QUICK, Duration.ofMinutes(3));

            assertThat(RecordingHandlers.RUNS.size()).isEqualTo(10_000);
            assertThat(RecordingHandlers.RUNS.values().stream()
                            .filter(runs -> runs.get() != 1)
                            .count())
                    .isZero();
            assertThat(RecordingHandlers.OVERLAPS).hasValue(0);
            assertThat(RecordingHandlers.BY_NODE.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
        }
    }

    @Test
    void jobOfADeadNodeIsRescuedAfterItsLeaseAndTheLateFinisherChangesNothing() {
        enqueueHeldBack(RecordingHandlers.SLOW, "ghost-job");
        List<ClaimedJob> ghost = tx.execute(status -> {
            jdbc.sql("update jobs set run_at = ? where subject_id = 'ghost-job'")
                    .param(java.sql.Timestamp.from(Instant.now()))
                    .update();
            return dialect.claim(jdbc, "ghost-node", 1, Instant.now(), Duration.ofSeconds(1));
        });
        assertThat(ghost).hasSize(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> RecordingHandlers.RUNS.containsKey("ghost-job"));

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> jobs.complete(ghost.getFirst())))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() ->
                        tx.executeWithoutResult(status -> jobs.reschedule(ghost.getFirst(), Instant.now(), "late")))
                .isInstanceOf(LeaseLostException.class);
        assertThat(RecordingHandlers.RUNS.get("ghost-job").get()).isEqualTo(1);
    }

    @Test
    void workersRecoverByThemselvesWhenTheDatabaseDropsTheirConnections() throws Exception {
        enqueue(RecordingHandlers.SLOW, 1_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> RecordingHandlers.RUNS.size() > 50);

        try (var admin =
                DriverManager.getConnection(databaseUrl, PostgresDatabase.user(), PostgresDatabase.password())) {
            admin.createStatement().execute("""
                    select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid()""");
        }

        awaitQueueEmpty(RecordingHandlers.SLOW, Duration.ofMinutes(2));
        assertThat(RecordingHandlers.RUNS.size())
                .as("every job ran at least once")
                .isEqualTo(1_000);
        assertThat(RecordingHandlers.OVERLAPS).hasValue(0);
    }

    @Test
    void queueMetricsArePublished() {
        enqueue(RecordingHandlers.QUICK, 10);
        awaitQueueEmpty(RecordingHandlers.QUICK, Duration.ofSeconds(30));

        var scrape = anonymous().as(METRICS_TOKEN).sendRaw("GET", "/actuator/prometheus", "", "text/plain");
        String metrics = scrape.raw().body();

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(metrics)
                .contains(
                        "polaris_jobs_claimed_total",
                        "polaris_jobs_claim_seconds",
                        "polaris_jobs_queue_depth",
                        "polaris_jobs_failures_total");
    }

    @Test
    void metricsAskForTheMetricsTokenWhenOneIsSet() {
        var withoutToken = anonymous().sendRaw("GET", "/actuator/prometheus", "", "text/plain");
        var wrongToken =
                anonymous().as("not-the-metrics-token").sendRaw("GET", "/actuator/prometheus", "", "text/plain");
        var ownerToken = newWorkspace().owner().sendRaw("GET", "/actuator/prometheus", "", "text/plain");

        assertThat(withoutToken.status()).isEqualTo(401);
        assertThat(withoutToken.raw().body()).contains("unauthorized").doesNotContain("polaris_jobs");
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(ownerToken.status())
                .as("a workspace's owner does not see the whole installation")
                .isEqualTo(401);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    private void enqueue(String kind, int count) {
        for (int from = 0; from < count; from += 1_000) {
            int start = from;
            tx.executeWithoutResult(status -> {
                for (int i = start; i < Math.min(count, start + 1_000); i++) {
                    jobs.enqueue("ws_test", kind, kind + "-" + i, Instant.now());
                }
            });
        }
    }

    private void enqueueHeldBack(String kind, String subject) {
        tx.executeWithoutResult(
                status -> jobs.enqueue("ws_test", kind, subject, Instant.now().plusSeconds(3600)));
    }

    private void awaitQueueEmpty(String kind, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> jdbc.sql("select count(*) from jobs where kind = ?")
                                .param(kind)
                                .query(Long.class)
                                .single()
                        == 0);
    }

    private org.springframework.context.ConfigurableApplicationContext secondNode(String nodeId) {
        return new SpringApplicationBuilder(OperatorApplication.class, RecordingHandlers.class)
                .run(PostgresDatabase.nodeArgumentsOn(
                        databaseUrl,
                        nodeId,
                        "--polaris.jobs.lease=4s",
                        "--polaris.jobs.concurrency=16",
                        "--polaris.jobs.poll-interval=50ms"));
    }
}
