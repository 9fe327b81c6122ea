package com.polaris.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.CustomActions;
import com.polaris.operator.InputSchemas;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Custom webhook actions over HTTP, delivered to a real HTTPS receiver that checks their signatures. */
class WebhookActionApiTest extends IntegrationApiTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    /** An input schema that takes any object. */
    private static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");

    /** The workspace's owner. */
    private Api owner;

    @BeforeEach
    void newWorkspaceForEachTest() {
        owner = tenant().owner();
    }

    @Test
    void aDeliveryIsSignedRenderedAndKeepsItsIdAcrossRetries() throws Exception {
        String path = "/orders/" + tenant().id();
        assertThat(owner.put("/api/v1/secrets/crm_token", Map.of("value", "tok-123-secret"))
                        .status())
                .isEqualTo(204);
        var created = createWebhookAction(
                owner,
                "notify_crm",
                path,
                Map.of("Authorization", "Bearer {{secret:crm_token}}", "X-Conversation", "{{conversation.id}}"),
                Map.of(
                        "orderId",
                        "{{args.orderId}}",
                        "text",
                        "Order {{args.orderId}} in {{conversation.id}}",
                        "action",
                        "{{action.id}}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String signingSecret = created.text("signingSecret");
        assertThat(signingSecret).startsWith("whsec_");
        assertThat(created.text("kind")).isEqualTo("external");
        assertThat(created.text("base")).isEqualTo("generic_webhook");
        RECEIVER.then(path, new HttpsReceiver.Reply(503, Map.of("Retry-After", "1"), 0));

        String id = proposeAndApprove(tenant().integrationKey(), owner, "notify_crm", Map.of("orderId", 42));
        JsonNode done = awaitStatus(owner, id, "completed");

        assertThat(done.path("result").path("status").asInt()).isEqualTo(200);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
        var deliveries = RECEIVER.deliveries(path);
        assertThat(deliveries).hasSize(2);
        for (var delivery : deliveries) {
            assertThat(delivery.method()).isEqualTo("POST");
            assertThat(delivery.header("webhook-id")).isEqualTo("msg_" + id);
            assertThat(HttpsReceiver.verifies(delivery, signingSecret))
                    .as("Standard Webhooks signature")
                    .isTrue();
            assertThat(delivery.header("authorization")).isEqualTo("Bearer tok-123-secret");
            assertThat(delivery.header("x-conversation")).isEqualTo("conv_81");
            assertThat(delivery.header("content-type")).startsWith("application/json");
            JsonNode body = delivery.json();
            assertThat(body.path("orderId").isNumber()).isTrue();
            assertThat(body.path("orderId").asInt()).isEqualTo(42);
            assertThat(body.path("text").asString()).isEqualTo("Order 42 in conv_81");
            assertThat(body.path("action").asString()).isEqualTo(id);
        }
        assertThat(HttpsReceiver.verifies(
                        deliveries.getFirst(),
                        "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])))
                .as("a wrong secret does not verify")
                .isFalse();
        var secrets = owner.get("/api/v1/secrets").body().path("items");
        assertThat(secrets.get(0).path("name").asString()).isEqualTo("crm_token");
        assertThat(secrets.get(0).path("lastUsedAt").isString())
                .as("last used is shown")
                .isTrue();
    }

    @Test
    void aWeakPolicyOnAnExternalToolIsKeptButOverridden() {
        String path = orderHook("weak_hook", Map.of());

        for (String tool : List.of("generic_webhook", "weak_hook", "send_email")) {
            var saved = tenant().savePolicy(tool, "none", "immediate", Map.of("businessHours", false));
            assertThat(saved.body().path("policy").path("approval").asString()).isEqualTo("none");
            assertThat(saved.body().path("effectivePolicy").path("approval").asString())
                    .isEqualTo("required");
            assertThat(saved.body().path("effectivePolicy").path("execution").asString())
                    .isEqualTo("background");
            assertThat(JSON.convertValue(saved.body().path("effectivePolicy").path("forced"), List.class))
                    .containsExactly("approval", "execution");
            assertThat(JSON.convertValue(saved.body().path("overridden"), List.class))
                    .containsExactly("approval", "execution");
        }

        var proposed = tenant().integrationKey().post("/api/v1/actions", proposal("weak_hook", Map.of("orderId", 7)));
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        assertThat(proposed.body().path("decision").path("execution").asString())
                .isEqualTo("background");
        owner.post(
                "/api/v1/approvals/"
                        + proposed.body().path("approval").path("id").asString() + "/approve",
                Map.of());
        var done = awaitStatus(owner, proposed.text("id"), "completed");
        assertThat(done.path("timeline")
                        .valueStream()
                        .map(e -> e.path("type").asString())
                        .toList())
                .contains("approval.approved", "action.queued", "action.started", "action.completed");
        assertThat(RECEIVER.deliveries(path)).hasSize(1);
        var listed = owner.get("/api/v1/tools")
                .body()
                .path("items")
                .valueStream()
                .filter(t -> t.path("name").asString().equals("weak_hook"))
                .findFirst()
                .orElseThrow();
        assertThat(listed.path("kind").asString()).isEqualTo("external");
    }

    @Test
    void headerInjectionThroughAnArgumentIsRefusedAndNothingIsSent() {
        String path = orderHook("inject_hook", Map.of("X-Note", "{{args.note}}"));

        var failed = approvedUntilFailed("inject_hook", Map.of("orderId", 1, "note", "hi\r\nX-Evil: yes"));

        assertThat(failed.path("error").path("code").asString()).isEqualTo("header_injection");
        assertThat(RECEIVER.deliveries(path)).isEmpty();
    }

    @Test
    void anUnknownSecretFailsTheActionBeforeAnythingIsSent() {
        String path = orderHook("secret_hook", Map.of("Authorization", "Bearer {{secret:missing}}"));

        var failed = approvedUntilFailed("secret_hook", Map.of("orderId", 1));

        assertThat(failed.path("error").path("code").asString()).isEqualTo("unknown_secret");
        assertThat(failed.path("error").path("message").asString()).contains("'missing' does not exist");
        assertThat(RECEIVER.deliveries(path)).isEmpty();
    }

    @Test
    void aRefusingReceiverFailsTheActionWithoutRetrying() {
        String path = orderHook("gone_hook", Map.of());
        RECEIVER.then(path, HttpsReceiver.Reply.status(410));

        var failed = approvedUntilFailed("gone_hook", Map.of("orderId", 1));

        assertThat(failed.path("error").path("code").asString()).isEqualTo("gone");
        assertThat(failed.path("error").path("retryable").asBoolean()).isFalse();
        assertThat(RECEIVER.deliveries(path)).hasSize(1);
    }

    @Test
    void aDryRunShowsTheDecisionAndTheMaskedRequestAndSendsNothing() {
        String path = "/dry/" + tenant().id();
        owner.put("/api/v1/secrets/crm_token", Map.of("value", "dry-run-secret-value"));
        createWebhookAction(
                owner,
                "dry_hook",
                path,
                Map.of("Authorization", "Bearer {{secret:crm_token}}"),
                Map.of("orderId", "{{args.orderId}}", "conversation", "{{conversation.id}}"));

        var dry = owner.post(
                "/api/v1/tools/dry_hook/dry-run",
                Map.of("arguments", Map.of("orderId", 5), "conversation", Map.of("id", "conv_9")));

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.body().path("decision").path("approval").asString()).isEqualTo("required");
        assertThat(dry.body().path("decision").path("execution").asString()).isEqualTo("background");
        assertThat(dry.body().path("input").path("orderId").asInt()).isEqualTo(5);
        JsonNode request = dry.body().path("request");
        assertThat(request.path("url").asString()).isEqualTo(hookUrl(path));
        assertThat(request.path("headers").path("Authorization").asString()).isEqualTo("Bearer ••••");
        assertThat(request.path("body").path("orderId").asInt()).isEqualTo(5);
        assertThat(request.path("body").path("conversation").asString()).isEqualTo("conv_9");
        assertThat(dry.raw().body()).doesNotContain("dry-run-secret-value");
        assertThat(RECEIVER.deliveries(path)).isEmpty();
        assertThat(owner.get("/api/v1/actions").body().path("items").size())
                .as("nothing stored")
                .isZero();

        var invalid = owner.post("/api/v1/tools/dry_hook/dry-run", Map.of("arguments", Map.of("orderId", "x")));
        assertThat(invalid.status()).isEqualTo(422);
        createWebhookAction(owner, "dry_missing", path, Map.of("Authorization", "{{secret:nope}}"), Map.of());
        var unsendable = owner.post("/api/v1/tools/dry_missing/dry-run", Map.of("arguments", Map.of("orderId", 1)));
        assertThat(unsendable.status()).isEqualTo(422);
        assertThat(unsendable.text("detail")).contains("'nope' does not exist");
    }

    @Test
    void customActionsAreCheckedWhenCreated() {

        assertThat(refusedFields(createWebhookAction(owner, "Bad-Name", "/x", Map.of(), Map.of())))
                .contains("name");
        assertThat(refusedFields(createWebhookAction(owner, "create_lead", "/x", Map.of(), Map.of())))
                .contains("name");
        assertThat(webhookFields(owner, "plain_http", ANY_OBJECT, Map.of("url", "http://example.com/hook")))
                .contains("config.url");
        assertThat(webhookFields(
                        owner, "secret_url", ANY_OBJECT, Map.of("url", "https://example.com/{{secret:token}}")))
                .contains("config.url");
        assertThat(webhookFields(owner, "bad_schema", Map.of("type", "objekt"), Map.of("url", "https://example.com/")))
                .contains("inputSchema");
        var badHeaders = Map.of("url", "https://example.com/", "headers", Map.of("webhook-id", "x", "X-A", "{{nope}}"));
        assertThat(webhookFields(owner, "bad_header", ANY_OBJECT, badHeaders))
                .contains("config.headers.webhook-id", "config.headers.X-A");
        assertThat(refusedFields(createTool(owner, "bad_base", "create_lead", ANY_OBJECT, Map.of())))
                .contains("base");

        assertThat(createWebhookAction(owner, "good_hook", "/x", Map.of(), Map.of())
                        .status())
                .isEqualTo(201);
        assertThat(createWebhookAction(owner, "good_hook", "/x", Map.of(), Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(createWebhookAction(tenant().integrationKey(), "agent_hook", "/x", Map.of(), Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(createWebhookAction(tenant().member("reviewer").api(), "rev_hook", "/x", Map.of(), Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(newWorkspace().owner().get("/api/v1/tools/good_hook").status())
                .as("other workspaces do not see it")
                .isEqualTo(404);
    }

    /** Creates a tool named {@code name} on {@code base}, titled "T"; answers the creation. */
    private static Api.Response createTool(Api owner, String name, String base, Object inputSchema, Object config) {
        return published(
                owner, owner.post("/api/v1/tools", CustomActions.definition(name, "T", base, inputSchema, config)));
    }

    @Test
    void aChangedCustomActionDeliversItsNextRunAsNowDefined() throws Exception {
        String before = "/before/" + tenant().id();
        String after = "/after/" + tenant().id();
        String secret = createWebhookAction(
                        owner, "changing_hook", before, Map.of(), Map.of("orderId", "{{args.orderId}}"))
                .text("signingSecret");
        var definition = Map.of(
                "title",
                "Send the order",
                "description",
                "Posts the order to the new CRM",
                "inputSchema",
                InputSchemas.requiring("orderId", "integer"),
                "config",
                Map.of("url", hookUrl(after), "body", Map.of("order", "{{args.orderId}}", "version", 2)));

        var changed = owner.put("/api/v1/tools/changing_hook", definition);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.text("title")).isEqualTo("Send the order");
        assertThat(changed.text("base")).isEqualTo("generic_webhook");
        assertThat(changed.toString()).doesNotContain("whsec_");
        assertThat(owner.get("/api/v1/tools/changing_hook").text("description"))
                .isEqualTo("Posts the order to the new CRM");
        assertThat(owner.get("/api/v1/tools/changing_hook/signing-secret").text("signingSecret"))
                .isEqualTo(secret);
        var events = owner.get("/api/v1/audit?type=tool.updated").body().path("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("data").path("changed").toString())
                .isEqualTo("[\"title\",\"description\",\"inputSchema\",\"config\"]");

        String id = proposeAndApprove(tenant().integrationKey(), owner, "changing_hook", Map.of("orderId", 7));
        awaitStatus(owner, id, "completed");
        assertThat(RECEIVER.deliveries(before)).isEmpty();
        var delivery = RECEIVER.deliveries(after).getFirst();
        assertThat(delivery.json().path("order").asInt()).isEqualTo(7);
        assertThat(HttpsReceiver.verifies(delivery, secret)).isTrue();
    }

    @Test
    void aCustomActionIsChangedOnlyWhenTheWholeNewDefinitionIsValid() {
        createWebhookAction(owner, "kept_hook", "/kept", Map.of(), Map.of());
        var good = Map.<String, Object>of(
                "title", "T", "inputSchema", ANY_OBJECT, "config", Map.of("url", hookUrl("/kept")));

        var plainHttp = owner.put(
                "/api/v1/tools/kept_hook",
                Map.of(
                        "title",
                        "New title",
                        "inputSchema",
                        ANY_OBJECT,
                        "config",
                        Map.of("url", "http://example.com/hook")));
        assertThat(plainHttp.status()).isEqualTo(422);
        assertThat(refusedFields(plainHttp)).containsExactly("config.url");
        assertThat(owner.get("/api/v1/tools/kept_hook").text("title"))
                .as("nothing changed")
                .isEqualTo("Notify the CRM");
        var renamed = new HashMap<String, Object>(good);
        renamed.put("name", "other_name");
        renamed.put("base", "send_email");
        assertThat(refusedFields(owner.put("/api/v1/tools/kept_hook", renamed)))
                .containsExactlyInAnyOrder("name", "base");

        assertThat(tenant().member("reviewer")
                        .api()
                        .put("/api/v1/tools/kept_hook", good)
                        .status())
                .isEqualTo(403);
        assertThat(tenant().integrationKey()
                        .put("/api/v1/tools/kept_hook", good)
                        .status())
                .isEqualTo(403);
        assertThat(newWorkspace().owner().put("/api/v1/tools/kept_hook", good).status())
                .isEqualTo(404);
        assertThat(owner.put("/api/v1/tools/create_lead", good).status())
                .as("built-in tools are not custom actions")
                .isEqualTo(404);
        assertThat(owner.put("/api/v1/tools/kept_hook", good).status()).isEqualTo(200);
    }

    @Test
    void aCustomActionWithApprovedActionsNotYetFinishedIsNotChanged() {
        String path = orderHook("busy_hook", Map.of());
        String elsewhere = "/elsewhere/" + tenant().id();
        var definition = Map.of(
                "title",
                "Changed",
                "inputSchema",
                InputSchemas.requiring("orderId", "string"),
                "config",
                Map.of("url", hookUrl(elsewhere), "body", Map.of("order", "{{args.orderId}}")));
        RECEIVER.then(path, new HttpsReceiver.Reply(503, Map.of("Retry-After", "3600"), 0));
        String waiting = proposeAndApprove(tenant().integrationKey(), owner, "busy_hook", Map.of("orderId", 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RECEIVER.deliveries(path).size() == 1
                        && List.of("queued", "scheduled")
                                .contains(
                                        owner.get("/api/v1/actions/" + waiting).text("status")));

        var busy = owner.put("/api/v1/tools/busy_hook", definition);
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.text("type")).endsWith("tool-busy");
        assertThat(owner.get("/api/v1/tools/busy_hook").text("title")).isEqualTo("Notify the CRM");

        assertThat(owner.post("/api/v1/actions/" + waiting + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        var pending = tenant().integrationKey().post("/api/v1/actions", proposal("busy_hook", Map.of("orderId", 2)));
        assertThat(pending.text("status")).isEqualTo("pending_approval");
        assertThat(owner.put("/api/v1/tools/busy_hook", definition).status())
                .as("actions waiting for approval are decided on the new definition")
                .isEqualTo(200);
        String approval = approvalOf(owner, pending.text("id"));
        var stale = owner.post("/api/v1/approvals/" + approval + "/approve", Map.of());
        assertThat(stale.status()).as("its arguments no longer match the input").isEqualTo(422);
        var fixed =
                owner.post("/api/v1/approvals/" + approval + "/approve", Map.of("arguments", Map.of("orderId", "2")));
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
        awaitStatus(owner, pending.text("id"), "completed");
        assertThat(RECEIVER.deliveries(elsewhere)
                        .getFirst()
                        .json()
                        .path("order")
                        .asString())
                .isEqualTo("2");
    }

    @Test
    void aRotatedSigningSecretSignsAlongsideThePreviousOne() throws Exception {
        String path = "/rotate/" + tenant().id();
        String first = createWebhookAction(
                        owner, "rotating_hook", path, Map.of(), Map.of("orderId", "{{args.orderId}}"))
                .text("signingSecret");
        assertThat(owner.get("/api/v1/tools/rotating_hook/signing-secret").text("signingSecret"))
                .isEqualTo(first);
        assertThat(tenant().member("reviewer")
                        .api()
                        .get("/api/v1/tools/rotating_hook/signing-secret")
                        .status())
                .isEqualTo(403);

        var rotated = owner.post("/api/v1/tools/rotating_hook/signing-secret/rotate", null);
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.text("signingSecret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);

        String id = proposeAndApprove(tenant().integrationKey(), owner, "rotating_hook", Map.of("orderId", 3));
        awaitStatus(owner, id, "completed");
        var delivery = RECEIVER.deliveries(path).getFirst();
        assertThat(HttpsReceiver.verifies(delivery, second)).isTrue();
        assertThat(HttpsReceiver.verifies(delivery, first))
                .as("the previous secret still signs for 24 h")
                .isTrue();
    }

    /**
     * Creates and publishes the custom action {@code name}, which posts the order's id with {@code headers}
     * to a path of the receiver that is its own; answers that path.
     */
    private String orderHook(String name, Map<String, String> headers) {
        String path = "/" + name + "/" + tenant().id();
        createWebhookAction(owner, name, path, headers, Map.of("orderId", "{{args.orderId}}"));
        return path;
    }

    /** Proposes {@code tool} as the integration, approves it as the owner; answers the action once it failed. */
    private JsonNode approvedUntilFailed(String tool, Map<String, Object> arguments) {
        String id = proposeAndApprove(tenant().integrationKey(), owner, tool, arguments);
        return awaitStatus(owner, id, "failed");
    }

    /** Creates a generic webhook tool that must be refused; answers the fields the refusal names. */
    private static List<String> webhookFields(Api owner, String name, Object inputSchema, Object config) {
        return refusedFields(createTool(owner, name, "generic_webhook", inputSchema, config));
    }
}
