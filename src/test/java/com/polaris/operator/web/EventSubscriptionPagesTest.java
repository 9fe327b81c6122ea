package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The event subscriptions tab: an admin subscribes (the signing secret shown on that answer only),
 * sees a failed delivery with its reason and sends it again, and removes the subscription; a
 * viewer sees none of it and may not post.
 */
class EventSubscriptionPagesTest extends SettingsTabTestBase {

    @Test
    void anAdminSubscribesSeesDeliveriesRedeliversAndRemovesAndAViewerMayNot() {

        var empty = admin.settingsTab("/settings/events", "Event subscriptions");
        assertThat(empty.document().select("p.empty").text()).isEqualTo("No subscriptions yet.");

        var notHttps =
                admin.postRaw("/settings/events", "url=http%3A%2F%2Fcrm.example.com%2Fe&events=action.completed");
        assertThat(notHttps.status()).isEqualTo(200);
        assertThat(notHttps.document().select("#new-subscription-summary").text())
                .contains("https");
        var noEvents = admin.postRaw("/settings/events", "url=https%3A%2F%2Fcrm.example.com%2Fe");
        assertThat(noEvents.document().select("#subscription-events-errors").text())
                .contains("non-empty list");
        assertThat(tenant().owner().get("/api/v1/event-subscriptions").body().path("items"))
                .as("nothing made")
                .isEmpty();

        var created = admin.postRaw(
                "/settings/events",
                "url=https%3A%2F%2F127.0.0.1%3A9%2Fconsole-events&events=approval.requested&events=action.completed"
                        + "&description=CRM+sync");
        assertThat(created.status()).isEqualTo(200);
        String secret = created.document().select("#signing-secret").val();
        assertThat(secret).startsWith("whsec_");
        JsonNode subscription =
                tenant().owner().get("/api/v1/event-subscriptions").firstItem();
        String id = subscription.path("id").asString();
        assertThat(subscription.path("events").valueStream().map(JsonNode::asString))
                .containsExactly("approval.requested", "action.completed");
        assertThat(subscription.path("description").asString()).isEqualTo("CRM sync");
        var listed = admin.get("/settings/events");
        assertThat(listed.body()).doesNotContain(secret).contains("https://127.0.0.1:9/console-events");

        var proposed = tenant().integrationKey()
                .post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "create_lead",
                                "arguments",
                                Map.of("name", "Ana", "email", "ana@example.com"),
                                "reason",
                                "Asked"));
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        latestDelivery(tenant(), id).path("status").asString().equals("failed"));
        var deliveries = admin.get("/settings/events/" + id);
        assertThat(deliveries.status()).isEqualTo(200);
        var row = deliveries.document().select("tbody tr").first();
        assertThat(row).isNotNull();
        assertThat(row.text()).contains("approval.requested", proposed.text("id"), "failed", "address_refused");
        String delivery = row.id().substring("delivery-".length());

        var again = admin.post("/settings/events/" + id + "/deliveries/" + delivery + "/redeliver", Map.of());
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location()).endsWith("/settings/events/" + id);
        assertThat(admin.get("/settings/events/" + id).body()).contains("is on its way again");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> latestDelivery(tenant(), id).path("attempts").asInt() == 2);

        assertThat(viewer.get("/settings/events").body())
                .contains("Only owners and admins see, create and remove event subscriptions.")
                .doesNotContain("console-events");
        assertThat(viewer.get("/settings/events/" + id).status()).isEqualTo(403);
        assertThat(viewer.postRaw("/settings/events", "url=https%3A%2F%2Fx.example.com&events=action.failed")
                        .status())
                .isEqualTo(403);
        assertThat(viewer.post("/settings/events/" + id + "/delete", Map.of()).status())
                .isEqualTo(403);

        var confirm = admin.get("/settings/events/" + id + "/delete");
        assertThat(confirm.document().select("#confirm-delete").text()).contains("console-events");
        var removed = admin.post("/settings/events/" + id + "/delete", Map.of());
        assertThat(removed.status()).isEqualTo(302);
        assertThat(tenant().owner().get("/api/v1/event-subscriptions").body().path("items"))
                .isEmpty();
    }

    /** The newest delivery of the subscription {@code id}, as the owner reads it through the API. */
    private static JsonNode latestDelivery(Tenant tenant, String id) {
        return tenant.owner()
                .get("/api/v1/event-subscriptions/" + id + "/deliveries")
                .firstItem();
    }
}
