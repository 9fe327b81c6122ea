package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.webhook.IntegrationApiTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reviewers told of waiting approvals by email, grouped, received by a real (GreenMail) SMTP server. */
class ReviewerEmailApiTest extends IntegrationApiTest {

    @Test
    void twoApprovalsRequestedTogetherReachAReviewerInOneEmailOnce() throws Exception {
        String reviewer = tenant().addMember("reviewer", "Rita Reviewer");
        String first = approvalOf(tenant(), NotificationApiTest.proposeLead(agent(), "Ana Ruiz"));
        String second = approvalOf(tenant(), NotificationApiTest.proposeLead(agent(), "Bob Stone"));
        assertThat(mailTo(reviewer)).as("nothing before the delay").isEmpty();

        clock.advance(Duration.ofMinutes(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> !mailTo(reviewer).isEmpty());
        Thread.sleep(1000);

        var received = mailTo(reviewer);
        assertThat(received).hasSize(1);
        MimeMessage email = received.getFirst();
        assertThat(email.getSubject()).isEqualTo("2 approvals wait for you");
        assertThat(email.getFrom()[0].toString()).contains("ops@polaris.example");
        String body = ((String) email.getContent()).replace("\r\n", "\n");
        assertThat(body)
                .contains("http://localhost:8080/approvals/" + first)
                .contains("http://localhost:8080/approvals/" + second)
                .contains("Waiting for your approval: Create lead");
        assertThat(email.getMessageID()).endsWith(".polaris@polaris.example>");

        String third = approvalOf(tenant(), NotificationApiTest.proposeLead(agent(), "Cleo Park"));
        clock.advance(Duration.ofMinutes(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(reviewer).size() == 2);
        String later = ((String) mailTo(reviewer).get(1).getContent());
        assertThat(later).contains("/approvals/" + third).doesNotContain(first);
        assertThat(mailTo(reviewer).get(1).getSubject()).isEqualTo("An approval waits for you");
    }

    @Test
    void aReviewerWhoTurnedApprovalEmailOffGetsNone() throws Exception {
        String quietEmail = tenant().addMember("reviewer", "Quiet Reviewer");
        var quiet = tenant().signedIn(quietEmail);
        String loud = tenant().addMember("reviewer", "Loud Reviewer");
        assertThat(quiet.put("/api/v1/me/preferences", Map.of("emailOnApproval", false, "dailyDigest", false))
                        .status())
                .isEqualTo(200);
        NotificationApiTest.proposeLead(agent(), "Ana Ruiz");

        clock.advance(Duration.ofMinutes(4));
        await().atMost(Duration.ofSeconds(20)).until(() -> !mailTo(loud).isEmpty());
        Thread.sleep(500);
        assertThat(mailTo(quietEmail)).isEmpty();
        assertThat(NotificationApiTest.mine(quiet, "&unread=true"))
                .as("the bell still shows it")
                .hasSize(1);
    }
}
