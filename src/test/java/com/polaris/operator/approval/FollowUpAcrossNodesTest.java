package com.polaris.operator.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.OperatorApplication;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.PostgresDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * An approval's reminder, escalation and expiry each fire exactly once with two nodes working the
 * queue and both restarted in between. This test's own application only takes requests (its worker
 * is off); two further nodes share its database.
 */
@TestPropertySource(properties = {"polaris.jobs.enabled=false"})
class FollowUpAcrossNodesTest extends PostgresApiTest {

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Test
    void reminderEscalationAndExpiryFireOnceAcrossTwoNodesAndARestart() {
        var requester = tenant().member("reviewer");
        tenant().member("reviewer");
        tenant().savePolicy(
                        "create_lead",
                        "required",
                        "background",
                        Map.of(
                                "reviewers",
                                Map.of("roles", List.of("reviewer")),
                                "remindAfter",
                                "PT4S",
                                "escalateAfter",
                                "PT12S",
                                "approvalExpiresAfter",
                                "PT18S"));
        var proposed = proposeLead(requester.api(), "Ana Ruiz", "ana@example.com");
        String actionId = proposed.text("id");
        String approvalId = proposed.body().path("approval").path("id").asString();

        var a = node("node-a");
        var b = node("node-b");
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("select reminded_at is not null from approvals where id = ?")
                            .param(approvalId)
                            .query(Boolean.class)
                            .single());
        } finally {
            a.close();
            b.close();
        }
        a = node("node-a");
        b = node("node-b");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "expired"
                            .equals(tenant().owner()
                                    .get("/api/v1/actions/" + actionId)
                                    .text("status")));
        } finally {
            a.close();
            b.close();
        }

        var approval = tenant().owner().get("/api/v1/approvals/" + approvalId).body();
        assertThat(approval.path("status").asString()).isEqualTo("expired");
        assertThat(approval.path("remindedAt").isNull()).isFalse();
        assertThat(approval.path("escalatedAt").isNull()).isFalse();
        assertThat(events(actionId, "approval.expired")).isEqualTo(1);
        assertThat(notices(approvalId, "approval.reminder")).isEqualTo(1);
        assertThat(notices(approvalId, "approval.escalated"))
                .as("the owner and the reviewer still to decide, once each")
                .isEqualTo(2);
        assertThat(notices(approvalId, "approval.expired")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from jobs where subject_id = ?")
                        .param(approvalId)
                        .query(Long.class)
                        .single())
                .as("no follow-up is left in the queue")
                .isZero();
    }

    private ConfigurableApplicationContext node(String nodeId) {
        return new SpringApplicationBuilder(OperatorApplication.class)
                .run(PostgresDatabase.nodeArgumentsOn(
                        databaseUrl, nodeId, "--polaris.jobs.lease=3s", "--polaris.jobs.poll-interval=50ms"));
    }

    private long events(String actionId, String type) {
        return jdbc.sql("select count(*) from audit_events where action_id = ? and type = ?")
                .params(actionId, type)
                .query(Long.class)
                .single();
    }

    private long notices(String approvalId, String type) {
        return jdbc.sql("""
                        select count(*) from notification_recipients r join notifications n on n.id = r.notification_id
                        where n.approval_id = ? and n.type = ?""").params(approvalId, type).query(Long.class).single();
    }
}
