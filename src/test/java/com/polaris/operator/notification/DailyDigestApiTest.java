package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.webhook.IntegrationApiTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The daily digest email, received by a real (GreenMail) SMTP server as the test clock passes 08:00 UTC. */
class DailyDigestApiTest extends IntegrationApiTest {

    @DynamicPropertySource
    static void digest(DynamicPropertyRegistry registry) {
        registry.add("polaris.notifications.digest-check", () -> "200ms");
    }

    @Autowired
    JdbcClient jdbc;

    private static List<MimeMessage> digestsTo(String address) {
        return mailTo(address, "Daily digest");
    }

    @Test
    void onceADayEachReviewerWithApprovalsWaitingGetsOneDigestUnlessTheyOptedOut() throws Exception {
        String reviewer = tenant().addMember("reviewer", "Rita Reviewer");
        String quiet = tenant().addMember("reviewer", "Quiet Reviewer");
        String viewer = tenant().addMember("viewer", "Vera Viewer");
        var quietApi = tenant().signedIn(quiet);
        assertThat(quietApi.put("/api/v1/me/preferences", Map.of("emailOnApproval", true, "dailyDigest", false))
                        .status())
                .isEqualTo(200);
        String first = approvalOf(tenant(), NotificationApiTest.proposeLead(agent(), "Ana Ruiz"));
        String second = approvalOf(tenant(), NotificationApiTest.proposeLead(agent(), "Bob Stone"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from notification_digests where workspace_id = ?")
                                .param(tenant().id())
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(digestsTo(reviewer)).as("nothing before the digest time").isEmpty();

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !digestsTo(reviewer).isEmpty());
        Thread.sleep(1500);

        assertThat(digestsTo(reviewer)).as("once").hasSize(1);
        MimeMessage digest = digestsTo(reviewer).getFirst();
        assertThat(digest.getSubject()).isEqualTo("Daily digest: 2 approvals wait for you");
        String body = ((String) digest.getContent()).replace("\r\n", "\n");
        assertThat(body)
                .startsWith("2 approvals wait for your decision:")
                .contains("http://localhost:8080/approvals/" + first)
                .contains("http://localhost:8080/approvals/" + second)
                .contains("- Create lead");
        assertThat(digestsTo(quiet)).as("opted out").isEmpty();
        assertThat(digestsTo(viewer)).as("nothing to decide").isEmpty();
        String owner = tenant().owner()
                .get("/api/v1/members?limit=200")
                .body()
                .path("items")
                .valueStream()
                .filter(m -> m.path("role").asString().equals("owner"))
                .findFirst()
                .orElseThrow()
                .path("email")
                .asString();
        assertThat(digestsTo(owner)).as("the owner may decide them too").hasSize(1);

        approveAs(tenant().owner(), first);
        clock.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(20)).until(() -> digestsTo(reviewer).size() == 2);
        MimeMessage next = digestsTo(reviewer).get(1);
        assertThat(next.getSubject()).isEqualTo("Daily digest: 1 approval waits for you");
        assertThat((String) next.getContent()).contains("/approvals/" + second).doesNotContain(first);
    }
}
