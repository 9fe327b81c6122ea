package com.polaris.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.PostgresDatabase;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A node killed with SIGKILL in the middle of its work: every job it held is finished by a
 * survivor once its lease runs out, and no lead is written twice. The doomed node is a separate
 * JVM; this test's own application only takes proposals (its worker is off).
 */
@TestPropertySource(properties = {"polaris.jobs.enabled=false", "polaris.jobs.lease=3s"})
class NodeCrashTest extends PostgresApiTest {

    private static final int ACTIONS = 400;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Test
    void jobsOfAKilledNodeFinishOnTheSurvivorWithoutDuplicates() throws Exception {
        tenant().savePolicy("create_lead", "none", "background", Map.of("businessHours", false));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ACTIONS; i++) {
            var proposed = proposeLead(agent(), "Lead " + i, "lead" + i + "@example.com");
            assertThat(proposed.status()).isEqualTo(201);
            ids.add(proposed.text("id"));
        }

        Process doomed = startNode("doomed");
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> completed(tenant().id()) >= ACTIONS / 4);
        } finally {
            doomed.destroyForcibly().waitFor();
        }
        List<String> heldAtDeath = jdbc.sql("select subject_id from jobs where lease_owner = 'doomed'")
                .query(String.class)
                .list();
        long doneBeforeDeath = completed(tenant().id());
        assertThat(doneBeforeDeath).as("the doomed node was killed mid-run").isLessThan(ACTIONS);

        try (var survivor = new SpringApplicationBuilder(OperatorApplication.class)
                .run(PostgresDatabase.nodeArgumentsOn(
                        databaseUrl, "survivor", "--polaris.jobs.lease=3s", "--polaris.jobs.poll-interval=50ms"))) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> completed(tenant().id()) == ACTIONS);
        }

        long leads = jdbc.sql("select count(*) from leads where workspace_id = ?")
                .param(tenant().id())
                .query(Long.class)
                .single();
        long distinctActions = jdbc.sql("select count(distinct action_id) from leads where workspace_id = ?")
                .param(tenant().id())
                .query(Long.class)
                .single();
        assertThat(leads).isEqualTo(ACTIONS);
        assertThat(distinctActions).isEqualTo(ACTIONS);
        assertThat(ids)
                .allMatch(id ->
                        agent().get("/api/v1/actions/" + id).text("status").equals("completed"));
        for (String held : heldAtDeath) {
            var nodes = jdbc.sql("select node from action_attempts where action_id = ? order by attempt")
                    .param(held)
                    .query(String.class)
                    .list();
            assertThat(nodes).as("attempts of %s", held).last().isEqualTo("survivor");
        }
        long byDoomed = jdbc.sql("select count(*) from action_attempts where workspace_id = ? and node = 'doomed'")
                .param(tenant().id())
                .query(Long.class)
                .single();
        assertThat(byDoomed).as("the doomed node did real work before it died").isGreaterThan(0);
    }

    private long completed(String workspaceId) {
        return jdbc.sql("select count(*) from actions where workspace_id = ? and status = 'completed'")
                .param(workspaceId)
                .query(Long.class)
                .single();
    }

    private Process startNode(String nodeId) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(
                java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), OperatorApplication.class.getName()));
        command.addAll(List.of(PostgresDatabase.nodeArgumentsOn(
                databaseUrl,
                nodeId,
                "--polaris.jobs.lease=3s",
                "--polaris.jobs.concurrency=8",
                "--polaris.jobs.poll-interval=50ms")));
        File log = new File("target/" + nodeId + "-node.log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }
}
