package com.polaris.operator.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.action.ActionApprovals;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Event subscriptions against a real local HTTPS receiver: outcomes arrive once per subscription,
 * signed, with one webhook-id across retries and redeliveries; nothing arrives for a change that
 * rolled back, for another workspace, or at a private address; bad subscriptions and callers
 * without the right are refused.
 */
class EventSubscriptionApiTest extends IntegrationApiTest {

    private static final String PATH = "/api/v1/event-subscriptions";

    @Autowired
    ActionApprovals approvals;

    @Autowired
    TransactionTemplate tx;

    private static Api.Response subscribe(Api as, String url, List<String> events) {
        return as.post(PATH, Map.of("url", url, "events", events, "description", "CRM sync"));
    }

    private static Api.Response subscribed(Api as, String url, List<String> events) {
        var created = subscribe(as, url, events);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private static List<JsonNode> deliveries(Api as, String subscription) {
        var page = as.get(PATH + "/" + subscription + "/deliveries");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body().path("items").valueStream().toList();
    }

    @Test
    void anApprovedActionsCompletionArrivesOnceSignedWithOneWebhookIdAcrossRetries() throws Exception {
        String path = "/events/completed/" + tenant().id();
        RECEIVER.then(path, HttpsReceiver.Reply.status(503));
        var created = subscribed(tenant().owner(), hookUrl(path), List.of("action.completed"));
        String secret = created.text("signingSecret");
        assertThat(secret).startsWith("whsec_");
        assertThat(created.text("url")).isEqualTo(hookUrl(path));
        assertThat(created.body().path("events").valueStream().map(JsonNode::asString))
                .containsExactly("action.completed");
        assertThat(created.text("id")).isNotBlank();
        assertThat(created.text("createdAt")).isNotBlank();

        String action =
                approvedUntil(tenant(), "create_lead", Map.of("name", "Ana", "email", "a@example.com"), "completed");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.deliveries(path).size() >= 2);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.deliveries(path).size() == 2);
        var first = RECEIVER.deliveries(path).get(0);
        var second = RECEIVER.deliveries(path).get(1);
        assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(HttpsReceiver.verifies(second, secret)).isTrue();
        assertThat(HttpsReceiver.verifies(second, "whsec_" + "A".repeat(43) + "="))
                .as("another secret does not verify")
                .isFalse();
        JsonNode sent = second.json();
        assertThat(sent.path("type").asString()).isEqualTo("action.completed");
        assertThat(sent.path("createdAt").asString()).isNotBlank();
        JsonNode sentAction = sent.path("data").path("action");
        assertThat(sentAction.path("id").asString()).isEqualTo(action);
        assertThat(sentAction.path("status").asString()).isEqualTo("completed");
        assertThat(sentAction.path("approval").path("status").asString()).isEqualTo("approved");
        assertThat(sentAction.path("result").isObject()).isTrue();
        assertThat(sentAction.has("timeline")).isFalse();

        var log = deliveries(tenant().owner(), created.text("id"));
        assertThat(log).hasSize(1);
        assertThat(log.getFirst().path("id").asString()).isEqualTo(first.header("webhook-id"));
        assertThat(log.getFirst().path("event").asString()).isEqualTo("action.completed");
        assertThat(log.getFirst().path("actionId").asString()).isEqualTo(action);
        assertThat(log.getFirst().path("status").asString()).isEqualTo("delivered");
        assertThat(log.getFirst().path("attempts").asInt()).isEqualTo(2);
        assertThat(log.getFirst().path("deliveredAt").asString()).isNotBlank();

        var listed = tenant().owner().get(PATH);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()
                        .path("items")
                        .valueStream()
                        .map(s -> s.path("id").asString()))
                .containsExactly(created.text("id"));
        assertThat(listed.raw().body()).doesNotContain(secret).doesNotContain("signingSecret");
        String audit = tenant().owner().get("/api/v1/audit?limit=100").raw().body();
        assertThat(audit).contains("event_subscription.created").doesNotContain(secret, path);
    }

    @Test
    void anActionWaitingForApprovalIsAnnouncedWithItsPendingApproval() {
        String path = "/events/requested/" + tenant().id();
        subscribed(tenant().owner(), hookUrl(path), List.of("approval.requested", "action.rejected"));

        String approval = acceptedApproval(tenant().integrationKey()
                .post("/api/v1/actions", proposal("create_lead", Map.of("name", "Bo", "email", "b@example.com"))));

        JsonNode requested = firstDelivery(path).json();
        assertThat(requested.path("type").asString()).isEqualTo("approval.requested");
        assertThat(requested.path("data").path("action").path("status").asString())
                .isEqualTo("pending_approval");
        assertThat(requested
                        .path("data")
                        .path("action")
                        .path("approval")
                        .path("id")
                        .asString())
                .isEqualTo(approval);
        assertThat(requested
                        .path("data")
                        .path("action")
                        .path("approval")
                        .path("status")
                        .asString())
                .isEqualTo("pending");

        var rejected = tenant().owner().post("/api/v1/approvals/" + approval + "/reject", Map.of("reason", "No"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.deliveries(path).size() >= 2);
        JsonNode sent = RECEIVER.deliveries(path).get(1).json();
        assertThat(sent.path("type").asString()).isEqualTo("action.rejected");
        assertThat(sent.path("data").path("action").path("status").asString()).isEqualTo("rejected");
    }

    @Test
    void aFailedWebhookActionIsAnnouncedAsFailedWithItsError() {
        String path = "/events/failed/" + tenant().id();
        subscribed(tenant().owner(), hookUrl(path), List.of("action.failed", "action.completed"));
        String hook = "/crm/refusing/" + tenant().id();
        assertThat(createWebhookAction(
                                tenant().owner(), "refused_hook", hook, Map.of(), Map.of("orderId", "{{args.orderId}}"))
                        .status())
                .isEqualTo(201);
        RECEIVER.then(hook, HttpsReceiver.Reply.status(400));

        String action = approvedUntil(tenant(), "refused_hook", Map.of("orderId", 9), "failed");

        JsonNode sent = onlyDelivery(path).json();
        assertThat(sent.path("type").asString()).isEqualTo("action.failed");
        assertThat(sent.path("data").path("action").path("id").asString()).isEqualTo(action);
        assertThat(sent.path("data").path("action").path("status").asString()).isEqualTo("failed");
        assertThat(sent.path("data").path("action").path("error").path("code").asString())
                .isEqualTo("rejected");
    }

    @Test
    void aRolledBackTransitionSendsNothing() {
        String path = "/events/rollback/" + tenant().id();
        var subscription = subscribed(tenant().owner(), hookUrl(path), List.of("action.rejected"));
        var admin = tenant().member("admin");
        var caller = new Caller(tenant().id(), Caller.Type.MEMBER, admin.id(), "A admin", Role.ADMIN);
        var proposed = tenant().integrationKey()
                .post("/api/v1/actions", proposal("create_lead", Map.of("name", "Cy", "email", "c@example.com")));
        String action = proposed.text("id");
        String approval = proposed.body().path("approval").path("id").asString();

        tx.executeWithoutResult(status -> {
            approvals.reject(caller, approval, "Changed my mind");
            status.setRollbackOnly();
        });
        assertThat(tenant().owner().get("/api/v1/actions/" + action).text("status"))
                .isEqualTo("pending_approval");
        assertThat(deliveries(tenant().owner(), subscription.text("id"))).isEmpty();

        approvals.reject(caller, approval, "Not this one");
        assertThat(onlyDelivery(path)
                        .json()
                        .path("data")
                        .path("action")
                        .path("id")
                        .asString())
                .isEqualTo(action);
    }

    @Test
    void aSubscriptionToAPrivateAddressIsRefusedWhenDelivering() {
        var created = subscribed(tenant().owner(), "https://10.20.30.40/hooks/polaris", List.of("action.completed"));

        approvedUntil(tenant(), "create_lead", Map.of("name", "Di", "email", "d@example.com"), "completed");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveries(tenant().owner(), created.text("id")).stream()
                        .anyMatch(d -> d.path("status").asString().equals("failed")));
        JsonNode failed = deliveries(tenant().owner(), created.text("id")).getFirst();
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("lastError").asString())
                .startsWith("address_refused")
                .contains("10.20.30.40");
        assertThat(failed.path("deliveredAt").isNull()).isTrue();
    }

    @Test
    void anotherWorkspacesSubscriptionNeverReceivesThisWorkspacesEvents() {
        var other = newWorkspace();
        String mine = "/events/mine/" + tenant().id();
        String theirs = "/events/theirs/" + other.id();
        var subscription = subscribed(tenant().owner(), hookUrl(mine), List.of("action.completed"));
        var otherSubscription = subscribed(other.owner(), hookUrl(theirs), List.of("action.completed"));

        approvedUntil(tenant(), "create_lead", Map.of("name", "Ed", "email", "e@example.com"), "completed");
        firstDelivery(mine);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.deliveries(theirs).isEmpty());
        assertThat(deliveries(other.owner(), otherSubscription.text("id"))).isEmpty();

        String id = subscription.text("id");
        String delivery = deliveries(tenant().owner(), id).getFirst().path("id").asString();
        assertThat(other.owner().get(PATH).raw().body()).doesNotContain(id);
        assertThat(other.owner().get(PATH + "/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(other.owner()
                        .post(PATH + "/" + id + "/deliveries/" + delivery + "/redeliver", null)
                        .status())
                .isEqualTo(404);
        assertThat(other.owner()
                        .post(
                                PATH + "/" + otherSubscription.text("id") + "/deliveries/" + delivery + "/redeliver",
                                null)
                        .status())
                .as("a delivery of another workspace under one's own subscription")
                .isEqualTo(404);
        assertThat(other.owner().delete(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(tenant().owner().get(PATH).body().path("items")).hasSize(1);
    }

    @Test
    void aDeliveryIsSentAgainWithTheSameWebhookIdWhenRedelivered() {
        String path = "/events/redeliver/" + tenant().id();
        var subscription = subscribed(tenant().owner(), hookUrl(path), List.of("action.completed"));
        String id = subscription.text("id");
        approvedUntil(tenant(), "create_lead", Map.of("name", "Flo", "email", "f@example.com"), "completed");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveries(tenant().owner(), id).stream()
                        .anyMatch(d -> d.path("status").asString().equals("delivered")));
        String delivery = deliveries(tenant().owner(), id).getFirst().path("id").asString();

        RECEIVER.then(path, HttpsReceiver.Reply.status(500));
        var again = tenant().owner().post(PATH + "/" + id + "/deliveries/" + delivery + "/redeliver", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.text("status")).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.deliveries(path).size() >= 2);
        var twice = tenant().owner().post(PATH + "/" + id + "/deliveries/" + delivery + "/redeliver", null);
        assertThat(twice.status()).as("still waiting for its retry: " + twice).isEqualTo(409);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.deliveries(path).size() >= 3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries(tenant().owner(), id)
                        .getFirst()
                        .path("status")
                        .asString()
                        .equals("delivered"));
        assertThat(RECEIVER.deliveries(path).stream().map(d -> d.header("webhook-id")))
                .containsOnly(delivery);
        assertThat(RECEIVER.deliveries(path).stream()
                        .map(HttpsReceiver.Delivery::body)
                        .distinct())
                .hasSize(1);
        assertThat(deliveries(tenant().owner(), id).getFirst().path("attempts").asInt())
                .isEqualTo(3);
        assertThat(tenant().owner()
                        .post(PATH + "/" + id + "/deliveries/dlv_missing/redeliver", null)
                        .status())
                .isEqualTo(404);

        assertThat(tenant().owner().delete(PATH + "/" + id).status()).isEqualTo(204);
        assertThat(tenant().owner().get(PATH + "/" + id + "/deliveries").status())
                .isEqualTo(404);
        assertThat(tenant().owner().delete(PATH + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void anInvalidSubscriptionIsRefusedAndChangesNothing() {
        var owner = tenant().owner();
        String url = hookUrl("/events/invalid/" + tenant().id());

        assertThat(fields(subscribe(owner, "http://hooks.example.test/x", List.of("action.failed"))))
                .containsExactly("url");
        assertThat(fields(subscribe(owner, "https://user:pw@hooks.example.test/x", List.of("action.failed"))))
                .containsExactly("url");
        assertThat(fields(subscribe(owner, "not a url", List.of("action.failed"))))
                .containsExactly("url");
        assertThat(fields(owner.post(PATH, Map.of("events", List.of("action.failed")))))
                .containsExactly("url");
        assertThat(fields(subscribe(owner, url, List.of()))).containsExactly("events");
        assertThat(fields(owner.post(PATH, Map.of("url", url)))).containsExactly("events");
        assertThat(fields(subscribe(owner, url, List.of("action.failed", "action.exploded"))))
                .containsExactly("events[1]");
        assertThat(fields(subscribe(owner, url, List.of("action.failed", "action.failed"))))
                .containsExactly("events[1]");
        assertThat(fields(owner.post(
                        PATH, Map.of("url", url, "events", List.of("action.failed"), "callbackSecret", "x"))))
                .containsExactly("callbackSecret");
        assertThat(fields(owner.post(PATH, Map.of("url", url, "events", List.of("action.failed"), "description", 7))))
                .containsExactly("description");
        var nullDescription = new HashMap<String, Object>();
        nullDescription.put("url", url);
        nullDescription.put("events", List.of("batch.completed"));
        nullDescription.put("description", null);
        var accepted = owner.post(PATH, nullDescription);
        assertThat(accepted.status())
                .as("batch.completed may be subscribed to: " + accepted)
                .isEqualTo(201);
        assertThat(accepted.body().path("description").isNull()).isTrue();

        assertThat(owner.get(PATH).body().path("items"))
                .as("only the valid one")
                .hasSize(1);
    }

    @Test
    void onlyOwnersAndAdminsManageSubscriptions() {
        String url = hookUrl("/events/roles/" + tenant().id());
        var admin = tenant().member("admin");
        var created = subscribed(admin.api(), url, List.of("action.failed"));
        String id = created.text("id");

        for (Api refused : List.of(
                tenant().member("viewer").api(), tenant().member("reviewer").api(), tenant().integrationKey())) {
            assertThat(subscribe(refused, url, List.of("action.failed")).status())
                    .isEqualTo(403);
            assertThat(refused.get(PATH).status()).isEqualTo(403);
            assertThat(refused.get(PATH + "/" + id + "/deliveries").status()).isEqualTo(403);
            assertThat(refused.post(PATH + "/" + id + "/deliveries/evd_x/redeliver", null)
                            .status())
                    .isEqualTo(403);
            assertThat(refused.delete(PATH + "/" + id).status()).isEqualTo(403);
        }
        assertThat(tenant().owner().get(PATH).body().path("items")).hasSize(1);
        assertThat(tenant().owner().delete(PATH + "/" + id).status()).isEqualTo(204);
        assertThat(tenant().owner().get(PATH).body().path("items")).isEmpty();
    }

    /** The fields a refusal names; it must be a 422 problem document. */
    private static List<String> fields(Api.Response refused) {
        var fields = refusedFields(refused);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        return fields;
    }
}
