package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.H2ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The bell and the reviewer email queue on the embedded H2 database a plain start uses. */
@TestPropertySource(properties = {"polaris.smtp.host=127.0.0.1", "polaris.smtp.from=ops@polaris.example"})
class H2NotificationTest extends H2ApiTest {

    @Test
    void approvalsWaitingReachTheBellAndAreMarkedReadOnH2() {
        var tenant = newWorkspace();
        var reviewer = tenant.member("reviewer");
        var agent = tenant.integrationKey();
        NotificationApiTest.proposeLead(agent, "Ana Ruiz");
        NotificationApiTest.proposeLead(agent, "Bob Stone");

        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).hasSize(2);
        String newest = NotificationApiTest.mine(reviewer.api(), "")
                .getFirst()
                .path("id")
                .asString();
        assertThat(reviewer.api()
                        .post("/api/v1/notifications/" + newest + "/read", null)
                        .status())
                .isEqualTo(200);
        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).hasSize(1);
        assertThat(reviewer.api()
                        .post("/api/v1/notifications/read-all", null)
                        .body()
                        .path("read")
                        .asInt())
                .isEqualTo(1);
        assertThat(NotificationApiTest.mine(reviewer.api(), "&unread=true")).isEmpty();
    }
}
