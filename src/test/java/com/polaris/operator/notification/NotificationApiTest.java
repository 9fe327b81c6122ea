package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.approval.ApprovalNotice;
import com.polaris.operator.identity.Role;
import com.polaris.operator.tool.InternalTools;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class NotificationApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aNotificationIsReadWithItsAudienceAndOrigin() {
        String id = tools.resultField(
                tenant().id(),
                "send_notification",
                "{\"message\": \"VIP waiting\", \"audience\": \"boss@example.com\"}",
                "conv_6",
                "notificationId");

        var answer = tenant().member("viewer").api().get("/api/v1/notifications/" + id);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text("type")).isEqualTo("message");
        assertThat(answer.text("message")).isEqualTo("VIP waiting");
        assertThat(answer.text("text")).isEqualTo("VIP waiting");
        assertThat(answer.text("audience")).isEqualTo("boss@example.com");
        assertThat(answer.text("actionId")).startsWith("act_");
        assertThat(answer.text("conversationId")).isEqualTo("conv_6");
        assertThat(answer.body().path("readAt").isNull()).isTrue();
        assertThat(tenant().integrationKey().get("/api/v1/notifications").itemIds())
                .containsExactly(id);
    }

    @Test
    void anotherWorkspacesNotificationIs404() {
        var theirs = newWorkspace();
        String id =
                tools.resultField(tenant().id(), "send_notification", "{\"message\": \"m\"}", null, "notificationId");
        theirs.owner().assertSeesNothingOf("/api/v1/notifications", id);
        assertThat(theirs.owner()
                        .post("/api/v1/notifications/" + id + "/read", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anApprovalWaitingIsInEveryReviewersBellButNotTheViewersNorTheRequesters() {
        var reviewer = tenant().member("reviewer");
        var viewer = tenant().member("viewer");
        var admin = tenant().member("admin");
        String action = proposeLead(admin.api(), "Ana Ruiz");
        String approval = approvalOf(admin.api(), action);

        var items = mine(reviewer.api(), "");
        assertThat(items).hasSize(1);
        JsonNode item = items.getFirst();
        assertThat(item.path("type").asString()).isEqualTo("approval.requested");
        assertThat(item.path("text").asString()).isEqualTo("Waiting for your approval: Create lead");
        assertThat(item.path("approvalId").asString()).isEqualTo(approval);
        assertThat(item.path("actionId").asString()).isEqualTo(action);
        assertThat(item.path("createdAt").asString()).isNotBlank();
        assertThat(item.path("readAt").isNull()).isTrue();
        assertThat(mine(tenant().owner(), "")).hasSize(1);
        assertThat(mine(viewer.api(), "")).as("a viewer decides nothing").isEmpty();
        assertThat(mine(admin.api(), "")).as("the requester never decides").isEmpty();
        assertThat(tenant().integrationKey().get("/api/v1/notifications").body().path("items"))
                .as("integration keys see messages only")
                .isEmpty();
        assertThat(tenant().integrationKey()
                        .get("/api/v1/notifications/" + item.path("id").asString())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void forMeListsOnlyMyNotificationsNewestFirstAndPaged() {
        var reviewer = tenant().member("reviewer");
        var viewer = tenant().member("viewer");
        var agent = tenant().integrationKey();
        String first = proposeLead(agent, "First");
        String second = proposeLead(agent, "Second");
        String third = proposeLead(agent, "Third");
        tools.resultField(
                tenant().id(),
                "send_notification",
                "{\"message\": \"For viewers\", \"audience\": \"viewer\"}",
                null,
                "notificationId");

        var page = reviewer.api().get("/api/v1/notifications?for=me&limit=2");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body().path("items").findValuesAsString("actionId")).containsExactly(third, second);
        var next = reviewer.api().get("/api/v1/notifications?for=me&limit=2&cursor=" + page.text("nextCursor"));
        assertThat(next.body().path("items").findValuesAsString("actionId")).containsExactly(first);
        assertThat(next.body().path("nextCursor").isNull()).isTrue();

        assertThat(mine(viewer.api(), "").stream().map(n -> n.path("text").asString()))
                .containsExactly("For viewers");
        assertThat(viewer.api().get("/api/v1/notifications").body().path("items"))
                .as("the workspace's list shows a member every notification")
                .hasSize(4);
    }

    @Test
    void readingOneAndThenAllLeavesNothingUnread() {
        var reviewer = tenant().member("reviewer");
        var agent = tenant().integrationKey();
        proposeLead(agent, "One");
        proposeLead(agent, "Two");
        proposeLead(agent, "Three");
        var unread = mine(reviewer.api(), "&unread=true");
        assertThat(unread).hasSize(3);
        String id = unread.getFirst().path("id").asString();

        var read = reviewer.api().post("/api/v1/notifications/" + id + "/read", null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        String readAt = read.text("readAt");
        assertThat(readAt).isNotBlank();
        assertThat(mine(reviewer.api(), "&unread=true")).hasSize(2);
        assertThat(reviewer.api()
                        .post("/api/v1/notifications/" + id + "/read", null)
                        .text("readAt"))
                .as("read again keeps when it was first read")
                .isEqualTo(readAt);
        assertThat(mine(tenant().owner(), "&unread=true"))
                .as("one member reading leaves the others' unread")
                .hasSize(3);

        var all = reviewer.api().post("/api/v1/notifications/read-all", null);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.body().path("read").asInt()).isEqualTo(2);
        assertThat(mine(reviewer.api(), "&unread=true")).isEmpty();
        assertThat(mine(reviewer.api(), ""))
                .hasSize(3)
                .allSatisfy(n -> assertThat(n.path("readAt").isNull()).isFalse());
    }

    @Test
    void anotherMembersNotificationCannotBeMarkedRead() {
        var viewer = tenant().member("viewer");
        proposeLead(tenant().integrationKey(), "Ana");
        String ownersOwn = mine(tenant().owner(), "").getFirst().path("id").asString();

        var answer = viewer.api().post("/api/v1/notifications/" + ownersOwn + "/read", null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(mine(tenant().owner(), "&unread=true")).hasSize(1);
        assertThat(tenant().integrationKey()
                        .post("/api/v1/notifications/read-all", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void badListParametersAre400() {
        assertThat(tenant().owner().get("/api/v1/notifications?for=everyone").status())
                .isEqualTo(400);
        assertThat(tenant().owner().get("/api/v1/notifications?unread=true").status())
                .isEqualTo(400);
        assertThat(tenant().owner()
                        .get("/api/v1/notifications?for=me&unread=yes")
                        .status())
                .isEqualTo(400);
        assertThat(tenant().integrationKey().get("/api/v1/notifications?for=me").status())
                .isEqualTo(403);
    }

    @Test
    void anApprovalRolledBackTellsNobody() {
        var reviewer = tenant().member("reviewer");
        tx.executeWithoutResult(status -> {
            events.publishEvent(new ApprovalNotice(
                    tenant().id(),
                    ApprovalNotice.Kind.REQUESTED,
                    "apr_rolled_back",
                    "act_rolled_back",
                    new ApprovalNotice.Audience(Set.of(Role.REVIEWER), Set.of(), Set.of()),
                    "An action waits for your approval."));
            status.setRollbackOnly();
        });
        assertThat(mine(reviewer.api(), "")).isEmpty();
    }

    @Test
    void preferencesStartOnAndChangeOnlyWithValidValues() {
        var reviewer = tenant().member("reviewer");
        var defaults = reviewer.api().get("/api/v1/me/preferences");
        assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
        assertThat(defaults.body().path("emailOnApproval").asBoolean()).isTrue();
        assertThat(defaults.body().path("dailyDigest").asBoolean()).isTrue();

        var saved = reviewer.api().put("/api/v1/me/preferences", Map.of("emailOnApproval", false, "dailyDigest", true));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body().path("emailOnApproval").asBoolean()).isFalse();

        for (Object bad : List.of(
                Map.of("emailOnApproval", "yes", "dailyDigest", true),
                Map.of("emailOnApproval", true),
                Map.of("emailOnApproval", true, "dailyDigest", true, "sms", true),
                List.of(true))) {
            var refused = reviewer.api().put("/api/v1/me/preferences", bad);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body().path("errors").isArray()).isTrue();
        }
        var refused = reviewer.api().put("/api/v1/me/preferences", Map.of("emailOnApproval", 1, "dailyDigest", true));
        assertThat(refused.body().path("errors").get(0).path("field").asString())
                .isEqualTo("emailOnApproval");

        var kept = reviewer.api().get("/api/v1/me/preferences").body();
        assertThat(kept.path("emailOnApproval").asBoolean())
                .as("nothing changed")
                .isFalse();
        assertThat(kept.path("dailyDigest").asBoolean()).isTrue();
        assertThat(tenant().owner()
                        .get("/api/v1/me/preferences")
                        .body()
                        .path("emailOnApproval")
                        .asBoolean())
                .as("each member has their own")
                .isTrue();
        assertThat(tenant().integrationKey().get("/api/v1/me/preferences").status())
                .isEqualTo(403);
    }

    /** The caller's own notifications, with {@code query} added to {@code ?for=me}. */
    static List<JsonNode> mine(Api api, String query) {
        var answer = api.get("/api/v1/notifications?for=me" + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body().path("items").valueStream().toList();
    }

    /** A create_lead proposal, which waits for approval; answers the action's id. */
    static String proposeLead(Api as, String name) {
        return pendingLead(as, name, "lead@example.com", "Customer asked");
    }
}
