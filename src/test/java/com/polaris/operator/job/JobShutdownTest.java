package com.polaris.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A node that stops while a job is still running never hands that job back while its handler may
 * still be at work: the job is not started a second time before its lease runs out, on this node
 * started again or on any other. (A stop that handed it back at once let the next claim start it
 * while the first run went on, which ended an external action as interrupted.)
 */
class JobShutdownTest {

    private ConfigurableApplicationContext node;

    @AfterEach
    void stopNode() {
        RecordingHandlers.GATE.release(10_000);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aJobStillRunningAtShutdownIsNotStartedAgainBeforeItsLeaseRunsOut() {
        RecordingHandlers.reset();
        String database = PostgresDatabase.fresh();
        node = new SpringApplicationBuilder(OperatorApplication.class, RecordingHandlers.class)
                .run(PostgresDatabase.nodeArgumentsOn(
                        database,
                        "stop-a",
                        "--polaris.jobs.lease=6s",
                        "--polaris.jobs.concurrency=2",
                        "--polaris.jobs.poll-interval=50ms",
                        "--polaris.jobs.shutdown-deadline=200ms",
                        "--spring.datasource.hikari.maximum-pool-size=6"));
        var jobs = node.getBean(Jobs.class);
        node.getBean(TransactionTemplate.class)
                .executeWithoutResult(
                        status -> jobs.enqueue("ws_test", RecordingHandlers.GATED, "held-1", Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.RUNS.containsKey("held-1"));

        node.stop();
        node.start();

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> RecordingHandlers.RUNS.get("held-1").get() == 1);
        assertThat(node.getBean(JdbcClient.class)
                        .sql("select state from jobs where subject_id = 'held-1'")
                        .query(String.class)
                        .single())
                .as("still held by the run that was stopped, until its lease runs out")
                .isEqualTo("running");
    }
}
