package com.polaris.operator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.webhook.HttpsReceiver;
import com.polaris.operator.webhook.IntegrationApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action batches over HTTP on PostgreSQL: one approval for many items, the fan-out into exactly one
 * action per item (also when it runs again after a node died and the request is retried), refusals
 * that store nothing, cancel, tenant isolation and the batch.completed event.
 */
class BatchApiTest extends IntegrationApiTest {

    private static final String PATH = "/api/v1/action-batches";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> leads(int count, String prefix) {
        var items = new ArrayList<Map<String, Object>>(count);
        for (int i = 0; i < count; i++) {
            items.add(Map.of(
                    "arguments",
                    Map.of("name", prefix + " " + i, "email", "lead" + i + "@example.com"),
                    "conversation",
                    Map.of("id", "conv_" + i, "channel", "web")));
        }
        return Map.of("tool", "create_lead", "items", items, "reason", "Leads from the spring fair");
    }

    private static Api.Response created(Api as, Map<String, Object> body) {
        var created = as.post(PATH, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private static String awaitStatus(Api as, String id, String status, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> as.get(PATH + "/" + id).text("status"), status::equals);
        return status;
    }

    /** The pending approval of batch {@code batchId}, as the owner finds it in the inbox. */
    private JsonNode approvalOfBatch(String batchId) {
        var pending = tenant().owner().get("/api/v1/approvals?status=pending");
        assertThat(pending.status()).as(pending.toString()).isEqualTo(200);
        return pending.body()
                .path("items")
                .valueStream()
                .filter(a -> a.path("batch").path("id").asString().equals(batchId))
                .findFirst()
                .orElseThrow();
    }

    /** The id of the pending approval of batch {@code batchId}. */
    private String approvalIdOfBatch(String batchId) {
        return approvalOfBatch(batchId).path("id").asString();
    }

    /** How many batches the workspace has, as the owner lists them. */
    private int batches() {
        return tenant().owner().get(PATH).body().path("items").size();
    }

    /** How many actions batch {@code batchId} has made so far, as {@code as} lists them. */
    private static int items(Api as, String batchId) {
        return as.get(PATH + "/" + batchId + "/items").body().path("items").size();
    }

    /** The workspace's usage this month. */
    private long used() {
        return tenant().owner().get("/api/v1/usage").body().path("used").asLong();
    }

    @Test
    void oneApprovalCoversTheBatchWhichThenFansOutIntoCompletedActionsAndIsAnnounced() throws Exception {
        String hook = "/events/batches/" + tenant().id();
        var subscription = tenant().owner()
                .post(
                        "/api/v1/event-subscriptions",
                        Map.of("url", hookUrl(hook), "events", List.of("batch.completed")));
        assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);

        var created = created(agent(), leads(3, "Fair lead"));
        String id = created.text("id");
        assertThat(id).startsWith("bat_");
        assertThat(created.text("status")).isEqualTo("pending_approval");
        assertThat(created.body().path("count").asInt()).isEqualTo(3);
        assertThat(created.text("tool")).isEqualTo("create_lead");
        assertThat(created.body().path("approval").path("status").asString()).isEqualTo("pending");
        assertThat(created.text("createdAt")).isNotBlank();

        JsonNode approval = approvalOfBatch(id);
        assertThat(approval.path("action").isNull()).isTrue();
        assertThat(approval.path("batch").path("count").asInt()).isEqualTo(3);
        assertThat(approval.path("batch").path("sample").size()).isEqualTo(3);
        assertThat(approval.path("batch")
                        .path("sample")
                        .get(0)
                        .path("arguments")
                        .path("name")
                        .asString())
                .isEqualTo("Fair lead 0");
        assertThat(approval.path("summary").asString()).isEqualTo("3 items of Create lead");
        String approvalId = approval.path("id").asString();
        assertThat(approvalId)
                .isEqualTo(created.body().path("approval").path("id").asString());

        var download = tenant().owner()
                .get(approval.path("batch").path("itemsDownload").asString());
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("attachment");
        assertThat(download.body().path("items").size()).isEqualTo(3);
        assertThat(download.body()
                        .path("items")
                        .get(2)
                        .path("arguments")
                        .path("email")
                        .asString())
                .isEqualTo("lead2@example.com");

        assertThat(items(agent(), id)).as("nothing runs before the approval").isZero();
        var approved = tenant().owner().post("/api/v1/approvals/" + approvalId + "/approve", Map.of("comment", "Go"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("approved");

        awaitStatus(agent(), id, "completed", Duration.ofSeconds(30));
        var done = agent().get(PATH + "/" + id);
        assertThat(done.body().path("counts").path("completed").asLong()).isEqualTo(3);
        assertThat(done.body().path("approval").path("status").asString()).isEqualTo("approved");
        var actions = agent().get(PATH + "/" + id + "/items?limit=2");
        assertThat(actions.body().path("items").size()).isEqualTo(2);
        assertThat(actions.body().path("nextCursor").isNull()).isFalse();
        JsonNode action = actions.body().path("items").get(0);
        assertThat(action.path("batchId").asString()).isEqualTo(id);
        assertThat(action.path("status").asString()).isEqualTo("completed");
        assertThat(action.path("approval").path("id").asString()).isEqualTo(approvalId);
        assertThat(action.path("result").path("leadId").asString()).isNotBlank();
        var rest = agent().get(PATH + "/" + id + "/items?limit=2&cursor=" + actions.text("nextCursor"));
        assertThat(rest.body().path("items").size()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.deliveries(hook).isEmpty());
        Thread.sleep(500);
        List<HttpsReceiver.Delivery> deliveries = RECEIVER.deliveries(hook);
        assertThat(deliveries).hasSize(1);
        JsonNode event = JSON.readTree(deliveries.getFirst().body());
        assertThat(event.path("type").asString()).isEqualTo("batch.completed");
        assertThat(event.path("data").path("batch").path("id").asString()).isEqualTo(id);
        assertThat(event.path("data").path("batch").path("status").asString()).isEqualTo("completed");

        var audit = tenant().owner().get("/api/v1/audit?limit=200");
        assertThat(audit.body()
                        .path("items")
                        .valueStream()
                        .map(e -> e.path("type").asString()))
                .contains("batch.created", "batch.approved", "batch.completed");
        var listed = tenant().owner().get(PATH);
        assertThat(listed.body()
                        .path("items")
                        .valueStream()
                        .map(b -> b.path("id").asString()))
                .containsExactly(id);
    }

    @Test
    void anInvalidItemIsRefusedByItsIndexAndNothingIsStored() {
        var body = new HashMap<>(leads(3, "Lead"));
        @SuppressWarnings("unchecked")
        var items = new ArrayList<>((List<Map<String, Object>>) body.get("items"));
        items.set(1, Map.of("arguments", Map.of("email", "nobody@example.com")));
        body.put("items", items);
        var refused = agent().post(PATH, body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.body()
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .contains("items[1].arguments.name");
        assertThat(batches()).isZero();
        assertThat(used()).isZero();

        var empty = agent().post(PATH, Map.of("tool", "create_lead", "items", List.of()));
        assertThat(empty.status()).isEqualTo(422);
        var unknown = agent().post(PATH, Map.of("tool", "no_such_tool", "items", items));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void aBatchThatDoesNotFitTheUsageLimitIsRefusedWhole() {
        assertThat(tenant().owner()
                        .put("/api/v1/usage/limit", Map.of("limit", 5))
                        .status())
                .isEqualTo(200);
        var refused = agent().post(PATH, leads(6, "Lead"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.text("type")).endsWith("usage-limit-reached");
        assertThat(batches()).isZero();
        assertThat(used()).isZero();

        created(agent(), leads(5, "Lead"));
        assertThat(used()).isEqualTo(5);
        assertThat(agent().post(PATH, leads(1, "Lead")).status()).isEqualTo(429);
    }

    @Test
    void aBodyOverTenMebibytesIsRefusedBeforeItIsReadAndOtherEndpointsKeepTheirSmallerLimit() {
        String padding = "x".repeat(10 * 1024 * 1024);
        var tooLarge = agent().sendRaw(
                        "POST",
                        PATH,
                        "{\"tool\": \"create_lead\", \"reason\": \"" + padding + "\", \"items\": []}",
                        "application/json");
        assertThat(tooLarge.status()).as("over 10 MiB").isEqualTo(413);
        var notABatch = agent().sendRaw(
                        "POST",
                        "/api/v1/actions",
                        "{\"tool\": \"create_lead\", \"reason\": \"" + "x".repeat(1024 * 1024) + "\"}",
                        "application/json");
        assertThat(notABatch.status()).as("1 MiB to a single proposal").isEqualTo(413);
        assertThat(agent().get(PATH).body().path("items").size()).isZero();
    }

    @Test
    void aRetriedRequestAnswersTheSameBatch() {
        var headers = Map.of("Idempotency-Key", "fair-2026");
        var first = agent().post(PATH, leads(4, "Lead"), headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        var again = agent().post(PATH, leads(4, "Lead"), headers);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        var other = agent().post(PATH, leads(5, "Lead"), headers);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.text("type")).endsWith("idempotency-key-reused");
        assertThat(batches()).isEqualTo(1);
        assertThat(used()).isEqualTo(4);
    }

    @Test
    void aRejectedBatchCreatesNoActionAndACancelledOneWithdrawsItsApproval() {
        String rejected = created(agent(), leads(2, "Lead")).text("id");
        String approvalId = approvalIdOfBatch(rejected);
        var refusal =
                tenant().owner().post("/api/v1/approvals/" + approvalId + "/reject", Map.of("reason", "Wrong list"));
        assertThat(refusal.status()).as(refusal.toString()).isEqualTo(200);
        assertThat(agent().get(PATH + "/" + rejected).text("status")).isEqualTo("rejected");
        assertThat(items(agent(), rejected)).isZero();

        String cancelled = created(agent(), leads(2, "Lead")).text("id");
        String secondApproval = approvalIdOfBatch(cancelled);
        var cancel = agent().post(PATH + "/" + cancelled + "/cancel", null);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.text("status")).isEqualTo("cancelled");
        assertThat(tenant().owner().get("/api/v1/approvals/" + secondApproval).text("status"))
                .isEqualTo("cancelled");
        assertThat(tenant().owner()
                        .post("/api/v1/approvals/" + secondApproval + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(agent().post(PATH + "/" + cancelled + "/cancel", null).status())
                .isEqualTo(409);
    }

    @Test
    void aBatchNobodyDecidesInTimeExpiresWithoutActionsAndItsSenderMayNotDecideIt() {
        var member = tenant().member("reviewer");
        String mine = created(member.api(), leads(2, "Lead")).text("id");
        String myApproval = approvalIdOfBatch(mine);
        assertThat(member.api()
                        .post("/api/v1/approvals/" + myApproval + "/approve", Map.of())
                        .status())
                .as("who sent a batch never decides it")
                .isEqualTo(403);

        tenant().savePolicy("create_lead", "required", "background", Map.of("approvalExpiresAfter", "PT1S"));
        String id = created(agent(), leads(3, "Lead")).text("id");
        awaitStatus(tenant().owner(), id, "expired", Duration.ofSeconds(30));
        var expired = tenant().owner().get(PATH + "/" + id);
        assertThat(expired.body().path("approval").path("status").asString()).isEqualTo("expired");
        assertThat(expired.text("endedAt")).isNotBlank();
        assertThat(items(tenant().owner(), id)).isZero();
    }

    @Test
    void cancellingARunningBatchCancelsWhatHasNotRun() {
        tenant().savePolicy(
                        "create_lead", "none", "background", Map.of("businessHours", true, "bulkApprovalAbove", 100));
        tenant().closeBusinessHours();
        var created = created(agent(), leads(3, "Lead"));
        String id = created.text("id");
        assertThat(created.text("status")).as("no approval for a small batch").isEqualTo("running");
        assertThat(created.body().path("approval").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> batchItems(agent(), id, "scheduled") == 3);
        var cancel = tenant().owner().post(PATH + "/" + id + "/cancel", null);
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.text("status")).isEqualTo("cancelled");
        assertThat(cancel.body().path("counts").path("cancelled").asLong()).isEqualTo(3);
    }

    @Test
    void anotherWorkspacesBatchIsNotFound() {
        String id = created(agent(), leads(2, "Lead")).text("id");
        var other = newWorkspace();
        assertThat(other.owner().get(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(other.owner().get(PATH + "/" + id + "/items").status()).isEqualTo(404);
        assertThat(other.owner().get(PATH + "/" + id + "/submitted-items").status())
                .isEqualTo(404);
        assertThat(other.owner().post(PATH + "/" + id + "/cancel", null).status())
                .isEqualTo(404);
        assertThat(other.owner().get(PATH).body().path("items").size()).isZero();
    }

    @Test
    void tenThousandItemsNeedOneApprovalAndYieldExactlyTenThousandActionsThroughACrashAndARetry() {
        var body = leads(10_000, "Bulk lead");
        var headers = Map.of("Idempotency-Key", "bulk-10k");
        // About 0.9 MB: above the 256 KiB other endpoints take, within this endpoint's 10 MiB.
        var first = agent().post(PATH, body, headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String id = first.text("id");
        String approvalId = approvalIdOfBatch(id);
        approveAs(tenant().owner(), approvalId);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> fannedOut(id) >= 500);
        // A node died holding a fan-out job: its lease ran out, and its chunk runs again elsewhere.
        jdbc.sql("""
                        insert into jobs (workspace_id, kind, subject_id, state, run_at, attempts, lease_owner,
                            lease_token, lease_until, created_at)
                        values (?, 'batch.fan_out', ?, 'running', now(), 1, 'node-dead', 'lost-lease',
                            now() - interval '1 minute', now())""").params(tenant().id(), id).update();
        var retried = agent().post(PATH, body, headers);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.text("id")).isEqualTo(id);

        awaitStatus(agent(), id, "completed", Duration.ofMinutes(10));
        assertThat(count("select count(*) from actions where batch_id = ?", id)).isEqualTo(10_000);
        assertThat(count("select count(distinct item_index) from actions where batch_id = ?", id))
                .isEqualTo(10_000);
        assertThat(count("select count(*) from leads l join actions a on a.id = l.action_id where a.batch_id = ?", id))
                .isEqualTo(10_000);
        assertThat(count("""
                        select count(*) from approvals where batch_id = ?
                           or action_id in (select id from actions where batch_id = ?)""", id, id)).as("one approval for the whole batch").isEqualTo(1);
        assertThat(batchItems(agent(), id, "completed")).isEqualTo(10_000);
        assertThat(used()).isEqualTo(10_000);
    }

    /** The single count {@code sql} answers with {@code params}. */
    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private int fannedOut(String id) {
        return jdbc.sql("select fanned_out from action_batches where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }
}
