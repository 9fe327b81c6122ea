package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class NotificationApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    @Test
    void aNotificationIsReadWithItsAudienceAndOrigin() {
        var tenant = newWorkspace();
        String id = tools.resultField(
                tenant.id(),
                "send_notification",
                "{\"message\": \"VIP waiting\", \"audience\": \"boss@example.com\"}",
                "conv_6",
                "notificationId");

        var answer = tenant.member("viewer").api().get("/api/v1/notifications/" + id);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text("message")).isEqualTo("VIP waiting");
        assertThat(answer.text("audience")).isEqualTo("boss@example.com");
        assertThat(answer.text("actionId")).startsWith("act_");
        assertThat(answer.text("conversationId")).isEqualTo("conv_6");
        assertThat(tenant.integrationKey()
                        .get("/api/v1/notifications")
                        .body()
                        .path("items")
                        .findValuesAsString("id"))
                .containsExactly(id);
    }

    @Test
    void anotherWorkspacesNotificationIs404() {
        var mine = newWorkspace();
        var theirs = newWorkspace();
        String id = tools.resultField(mine.id(), "send_notification", "{\"message\": \"m\"}", null, "notificationId");
        assertThat(theirs.owner().get("/api/v1/notifications/" + id).status()).isEqualTo(404);
        assertThat(theirs.owner().get("/api/v1/notifications").body().path("items"))
                .isEmpty();
    }
}
