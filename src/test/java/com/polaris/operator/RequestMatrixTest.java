package com.polaris.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.polaris.operator.booking.BookingRequests;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every endpoint of the OpenAPI document (read at test time, so a new endpoint cannot be left
 * out) called by every kind of caller: no token, a token that is not one, an expired one, each role, an
 * integration key, and the owner of another workspace. The answer must be the one the contract
 * gives: 401 without a valid token, 403 without the right, 404 for another workspace's resource,
 * and for a caller with the right an answer past the checks (2xx, or 400/409/422 about the request
 * itself). Another workspace's owner never sees anything of the first workspace.
 *
 * <p>Path parameters are real resources of the first workspace; a request that uses one up
 * (revoking, deleting, deciding) gets a fresh one for each caller.
 */
class RequestMatrixTest extends PostgresApiTest {

    private static final String PASSWORD = "a long enough password";

    @Autowired
    JdbcClient jdbc;

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** Who may call an endpoint, by the contract (API.md) and the product's rules. */
    enum Who {
        /** Anyone, no token needed (signing in). */
        ANYONE,
        /** Only the hosting platform's token; no workspace credential. */
        PLATFORM,
        /** Members of any role and integration keys. */
        CALLERS,
        /** Members of any role; never an integration key. */
        MEMBERS,
        /** Owners, admins and reviewers: deciding approvals, retrying. */
        DECIDERS,
        /** Owners, admins, reviewers, and the integration key that proposed the action. */
        DECIDERS_AND_PROPOSING_KEY,
        /** Owners and admins: configuration, members, keys, secrets. */
        CONFIGURERS,
        /** Owners only. */
        OWNERS
    }

    /**
     * Whether the path names a resource of the first workspace (another workspace's owner gets
     * 404) or a name each workspace has of its own (they act on theirs).
     */
    enum Scope {
        FIRST_WORKSPACE,
        OWN_WORKSPACE
    }

    /** The kinds of caller; no token, a made-up one and an expired one are all {@link Kind#NOT_AUTHENTICATED}. */
    enum Kind {
        NOT_AUTHENTICATED,
        MEMBER,
        INTEGRATION_KEY,
        OTHER_WORKSPACE_OWNER
    }

    /** One column of the matrix. */
    record Credential(
            String name,
            Kind kind,
            @Nullable String role,
            @Nullable String token,
            @Nullable String memberEmail) {}

    /** A request to send: method, path with real ids, and a JSON body (or none). */
    record Call(String method, String path, @Nullable Object body) {}

    /** One row of the matrix: an endpoint of the document, who may call it, and how to call it for a credential. */
    record Row(String method, String template, Who who, Scope scope, Function<Credential, Call> call) {

        String endpoint() {
            return method + " " + template;
        }
    }

    /** The first workspace's resources that the rows' paths name. */
    private @Nullable Fixtures first;

    private List<Row> rows() {
        var f = first;
        return List.of(
                row("GET", "/actuator/health", Who.ANYONE),
                row("POST", "/api/v1/auth/tokens", Who.ANYONE, Map.of()),
                row("GET", "/api/v1/auth/tokens", Who.MEMBERS),
                row(
                        "DELETE",
                        "/api/v1/auth/tokens/{id}",
                        Who.MEMBERS,
                        Scope.FIRST_WORKSPACE,
                        c -> delete("/api/v1/auth/tokens/" + f.freshTokenOf(c))),
                row(
                        "POST",
                        "/api/v1/workspaces",
                        Who.PLATFORM,
                        Scope.OWN_WORKSPACE,
                        c -> post(
                                "/api/v1/workspaces",
                                Map.of(
                                        "name",
                                        "Matrix",
                                        "ownerEmail",
                                        unique("platform") + "@example.com",
                                        "ownerPassword",
                                        PASSWORD))),
                row("GET", "/api/v1/members", Who.CONFIGURERS),
                row(
                        "POST",
                        "/api/v1/members",
                        Who.CONFIGURERS,
                        Scope.OWN_WORKSPACE,
                        c -> post(
                                "/api/v1/members",
                                Map.of(
                                        "email",
                                        unique("new") + "@example.com",
                                        "name",
                                        "New",
                                        "role",
                                        "viewer",
                                        "password",
                                        PASSWORD))),
                row(
                        "PATCH",
                        "/api/v1/members/{id}",
                        Who.CONFIGURERS,
                        Scope.FIRST_WORKSPACE,
                        c -> new Call("PATCH", "/api/v1/members/" + f.freshMember(), Map.of("role", "reviewer"))),
                onFirst("DELETE", "/api/v1/members/{id}", Who.CONFIGURERS, () -> f.freshMember()),
                row("GET", "/api/v1/api-keys", Who.CONFIGURERS),
                row("POST", "/api/v1/api-keys", Who.CONFIGURERS, Map.of("name", "Matrix key")),
                onFirst("DELETE", "/api/v1/api-keys/{id}", Who.CONFIGURERS, () -> f.freshKey()),
                row("GET", "/api/v1/tools", Who.CALLERS),
                row(
                        "POST",
                        "/api/v1/tools",
                        Who.CONFIGURERS,
                        Scope.OWN_WORKSPACE,
                        c -> post("/api/v1/tools", f.customAction(unique("matrix_new")))),
                onFirst("GET", "/api/v1/tools/{name}", Who.CALLERS, () -> f.tool),
                row(
                        "PUT",
                        "/api/v1/tools/{name}",
                        Who.CONFIGURERS,
                        Scope.FIRST_WORKSPACE,
                        c -> put("/api/v1/tools/" + f.tool, f.customAction(null))),
                onFirst(
                        "PUT",
                        "/api/v1/tools/{name}/policy",
                        Who.CONFIGURERS,
                        () -> f.tool,
                        Map.of("approval", "required", "execution", "background", "businessHours", false)),
                onFirst("GET", "/api/v1/tools/{name}/policy/versions", Who.MEMBERS, () -> f.tool),
                onFirst("POST", "/api/v1/tools/{name}/enable", Who.CONFIGURERS, () -> f.tool),
                onFirst("POST", "/api/v1/tools/{name}/disable", Who.CONFIGURERS, () -> f.tool),
                onFirst(
                        "POST",
                        "/api/v1/tools/{name}/dry-run",
                        Who.MEMBERS,
                        () -> f.tool,
                        Map.of("arguments", Map.of("orderId", 7))),
                onFirst("POST", "/api/v1/tools/{name}/publish", Who.CONFIGURERS, () -> f.draft),
                onFirst("POST", "/api/v1/tools/{name}/unpublish", Who.CONFIGURERS, () -> f.draft),
                onFirst(
                        "POST",
                        "/api/v1/tools/{name}/test-runs",
                        Who.MEMBERS,
                        () -> f.draft,
                        Map.of("arguments", Map.of("orderId", 7), "reason", "Matrix test run")),
                onFirst("GET", "/api/v1/tools/{name}/signing-secret", Who.CONFIGURERS, () -> f.tool),
                onFirst("POST", "/api/v1/tools/{name}/signing-secret/rotate", Who.CONFIGURERS, () -> f.tool),
                row("GET", "/api/v1/policy-presets", Who.CALLERS),
                row("GET", "/api/v1/business-hours", Who.CALLERS),
                row(
                        "PUT",
                        "/api/v1/business-hours",
                        Who.CONFIGURERS,
                        Map.of("timezone", "UTC", "weekly", Map.of("mon", List.of(List.of("09:00", "18:00"))))),
                row("GET", "/api/v1/usage", Who.CALLERS),
                row("PUT", "/api/v1/usage/limit", Who.OWNERS, nullLimit()),
                row(
                        "POST",
                        "/api/v1/actions",
                        Who.CALLERS,
                        Map.of(
                                "tool",
                                "create_support_task",
                                "arguments",
                                Map.of("title", "Matrix"),
                                "reason",
                                "Asked")),
                row("GET", "/api/v1/actions", Who.CALLERS),
                onFirst("GET", "/api/v1/actions/{id}", Who.CALLERS, () -> f.action),
                onFirst("GET", "/api/v1/actions/{id}/attempts", Who.CALLERS, () -> f.action),
                onFirst(
                        "POST",
                        "/api/v1/actions/{id}/cancel",
                        Who.DECIDERS_AND_PROPOSING_KEY,
                        () -> f.freshPendingAction()),
                onFirst("POST", "/api/v1/actions/{id}/retry", Who.DECIDERS, () -> f.action, Map.of()),
                row(
                        "GET",
                        "/api/v1/approvals",
                        Who.MEMBERS,
                        Scope.OWN_WORKSPACE,
                        c -> get("/api/v1/approvals?status=pending")),
                onFirst("GET", "/api/v1/approvals/{id}", Who.MEMBERS, () -> f.approval),
                onFirst(
                        "POST",
                        "/api/v1/approvals/{id}/approve",
                        Who.DECIDERS,
                        () -> f.freshApproval(),
                        Map.of("comment", "Fine")),
                onFirst(
                        "POST",
                        "/api/v1/approvals/{id}/reject",
                        Who.DECIDERS,
                        () -> f.freshApproval(),
                        Map.of("reason", "Not now")),
                row(
                        "POST",
                        "/api/v1/approvals/decisions",
                        Who.MEMBERS,
                        Scope.OWN_WORKSPACE,
                        c -> post(
                                "/api/v1/approvals/decisions",
                                Map.of("ids", List.of(f.freshApproval()), "decision", "approve"))),
                row("GET", "/api/v1/audit", Who.MEMBERS),
                row("GET", "/api/v1/insights/tools", Who.MEMBERS),
                row("GET", "/api/v1/audit/verify", Who.CONFIGURERS),
                row("GET", "/api/v1/secrets", Who.MEMBERS),
                row(
                        "PUT",
                        "/api/v1/secrets/{name}",
                        Who.CONFIGURERS,
                        Scope.OWN_WORKSPACE,
                        c -> put("/api/v1/secrets/matrix_secret", Map.of("value", "s3cret value"))),
                onFirst("DELETE", "/api/v1/secrets/{name}", Who.CONFIGURERS, () -> f.freshSecret()),
                row("GET", "/api/v1/leads", Who.CALLERS),
                onFirst("GET", "/api/v1/leads/{id}", Who.CALLERS, () -> f.lead),
                row("GET", "/api/v1/discounts", Who.CALLERS),
                onFirst("GET", "/api/v1/discounts/{id}", Who.CALLERS, () -> f.discount),
                row("GET", "/api/v1/bookings", Who.CALLERS),
                onFirst("GET", "/api/v1/bookings/{id}", Who.CALLERS, () -> f.booking),
                row("GET", "/api/v1/support-tasks", Who.CALLERS),
                onFirst("GET", "/api/v1/support-tasks/{id}", Who.CALLERS, () -> f.task),
                row("GET", "/api/v1/notifications", Who.CALLERS),
                onFirst("GET", "/api/v1/notifications/{id}", Who.CALLERS, () -> f.notification),
                onFirst("POST", "/api/v1/notifications/{id}/read", Who.MEMBERS, () -> f.freshNotification()),
                row("POST", "/api/v1/notifications/read-all", Who.MEMBERS),
                row("GET", "/api/v1/me/preferences", Who.MEMBERS),
                row(
                        "PUT",
                        "/api/v1/me/preferences",
                        Who.MEMBERS,
                        Map.of("emailOnApproval", true, "dailyDigest", false)),
                row(
                        "PUT",
                        "/api/v1/settings/chat-webhook",
                        Who.CONFIGURERS,
                        Map.of("url", "https://hooks.example.test/chat", "events", List.of("action.failed"))),
                row("GET", "/api/v1/settings/chat-webhook", Who.CONFIGURERS),
                row("DELETE", "/api/v1/settings/chat-webhook", Who.CONFIGURERS),
                row(
                        "PUT",
                        "/api/v1/channels/whatsapp",
                        Who.CONFIGURERS,
                        Scope.OWN_WORKSPACE,
                        c -> put("/api/v1/channels/whatsapp", whatsAppSettings(c))),
                row("GET", "/api/v1/channels/whatsapp", Who.CONFIGURERS, Scope.OWN_WORKSPACE, c -> {
                    whatsAppConnected(c);
                    return get("/api/v1/channels/whatsapp");
                }),
                row("DELETE", "/api/v1/channels/whatsapp", Who.CONFIGURERS, Scope.OWN_WORKSPACE, c -> {
                    whatsAppConnected(c);
                    return delete("/api/v1/channels/whatsapp");
                }),
                row("POST", "/api/v1/event-subscriptions", Who.CONFIGURERS, Fixtures.SUBSCRIPTION),
                row("GET", "/api/v1/event-subscriptions", Who.CONFIGURERS),
                onFirst("DELETE", "/api/v1/event-subscriptions/{id}", Who.CONFIGURERS, () -> f.freshSubscription()),
                onFirst("GET", "/api/v1/event-subscriptions/{id}/deliveries", Who.CONFIGURERS, () -> f.subscription),
                row(
                        "POST",
                        "/api/v1/event-subscriptions/{id}/deliveries/{deliveryId}/redeliver",
                        Who.CONFIGURERS,
                        Scope.FIRST_WORKSPACE,
                        c -> post(
                                "/api/v1/event-subscriptions/" + f.subscription + "/deliveries/" + f.delivery
                                        + "/redeliver",
                                null)),
                row("POST", "/api/v1/standing-approvals", Who.CONFIGURERS, Fixtures.standingApproval()),
                row("GET", "/api/v1/standing-approvals", Who.CONFIGURERS),
                onFirst(
                        "POST",
                        "/api/v1/standing-approvals/{id}/revoke",
                        Who.CONFIGURERS,
                        () -> f.freshStandingApproval()),
                row("POST", "/api/v1/action-batches", Who.CALLERS, Fixtures.batch(1)),
                row("GET", "/api/v1/action-batches", Who.CALLERS),
                onFirst("GET", "/api/v1/action-batches/{id}", Who.CALLERS, () -> f.batch),
                onFirst("GET", "/api/v1/action-batches/{id}/items", Who.CALLERS, () -> f.batch),
                onFirst("GET", "/api/v1/action-batches/{id}/submitted-items", Who.CALLERS, () -> f.batch),
                onFirst(
                        "POST",
                        "/api/v1/action-batches/{id}/cancel",
                        Who.DECIDERS_AND_PROPOSING_KEY,
                        () -> f.freshBatch()),
                onFirst("GET", "/api/v1/conversations/{conversationId}/tags", Who.CALLERS, () -> f.conversation),
                row(
                        "POST",
                        "/api/v1/conversations/{conversationId}/messages",
                        Who.CALLERS,
                        Scope.OWN_WORKSPACE,
                        c -> post("/api/v1/conversations/" + f.conversation + "_posted/messages", Fixtures.MESSAGE)),
                onFirst("GET", "/api/v1/conversations/{conversationId}", Who.CALLERS, () -> f.conversation),
                onFirst(
                        "DELETE",
                        "/api/v1/conversations/{conversationId}",
                        Who.CONFIGURERS,
                        () -> f.freshConversation()),
                row("GET", "/api/v1/settings/retention", Who.MEMBERS),
                row("PUT", "/api/v1/settings/retention", Who.CONFIGURERS, Map.of("conversationDays", 120)),
                // Set up first: each workspace's owner and admin set up their own widget, which the
                // rows after it read and rotate.
                row(
                        "PUT",
                        "/api/v1/channels/web-widget",
                        Who.CONFIGURERS,
                        Map.of("allowedOrigins", List.of("https://shop.example.com"))),
                row("GET", "/api/v1/channels/web-widget", Who.MEMBERS),
                row("POST", "/api/v1/channels/web-widget/rotate-key", Who.CONFIGURERS),
                row("GET", "/widget.js", Who.ANYONE),
                row("POST", "/widget/v1/conversations", Who.ANYONE, Map.of()),
                row("POST", "/widget/v1/messages", Who.ANYONE, Map.of()),
                row("PUT", "/api/v1/operator/model", Who.CONFIGURERS, Map.of()),
                row("GET", "/api/v1/operator/model", Who.CONFIGURERS),
                onFirst(
                        "POST",
                        "/api/v1/conversations/{conversationId}/prepare",
                        Who.DECIDERS_AND_PROPOSING_KEY,
                        () -> f.conversation));
    }

    /**
     * Endpoints whose caller, past every check of the matrix, meets a setting the first workspace
     * does not have: preparing a conversation answers 503 operator-not-configured without a model.
     */
    private static final Set<String> UNCONFIGURED_503 = Set.of("POST /api/v1/conversations/{conversationId}/prepare");

    /**
     * What API.md lets an integration key do: list tools, propose actions, read actions and what
     * they made, cancel its own proposals, and read the workspace's business hours and usage.
     * Everything else is for members; a row that admits keys must be here.
     */
    private static final Set<String> KEYS_MAY = Set.of(
            "GET /api/v1/tools",
            "GET /api/v1/tools/{name}",
            "GET /api/v1/policy-presets",
            "POST /api/v1/actions",
            "GET /api/v1/actions",
            "GET /api/v1/actions/{id}",
            "GET /api/v1/actions/{id}/attempts",
            "POST /api/v1/actions/{id}/cancel",
            "POST /api/v1/action-batches",
            "GET /api/v1/action-batches",
            "GET /api/v1/action-batches/{id}",
            "GET /api/v1/action-batches/{id}/items",
            "GET /api/v1/action-batches/{id}/submitted-items",
            "POST /api/v1/action-batches/{id}/cancel",
            "GET /api/v1/business-hours",
            "GET /api/v1/usage",
            "GET /api/v1/leads",
            "GET /api/v1/leads/{id}",
            "GET /api/v1/discounts",
            "GET /api/v1/discounts/{id}",
            "GET /api/v1/bookings",
            "GET /api/v1/bookings/{id}",
            "GET /api/v1/support-tasks",
            "GET /api/v1/support-tasks/{id}",
            "GET /api/v1/notifications",
            "GET /api/v1/notifications/{id}",
            "GET /api/v1/conversations/{conversationId}/tags",
            "POST /api/v1/conversations/{conversationId}/prepare",
            "POST /api/v1/conversations/{conversationId}/messages",
            "GET /api/v1/conversations/{conversationId}",
            "POST /api/v1/auth/tokens",
            "GET /widget.js",
            "POST /widget/v1/conversations",
            "POST /widget/v1/messages",
            "GET /actuator/health");

    @Test
    void onlyTheEndpointsTheContractOpensToIntegrationKeysAdmitThem() {
        var admitting = rows().stream()
                .filter(r -> allows(r.who(), new Credential("key", Kind.INTEGRATION_KEY, null, "k", null)))
                .map(Row::endpoint)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(KEYS_MAY).containsAll(admitting);
    }

    @TestFactory
    Stream<DynamicNode> everyEndpointAnswersEveryKindOfCallerAsTheContractSays() {
        var fixtures = new Fixtures(newWorkspace());
        first = fixtures;
        List<Credential> credentials = fixtures.credentials(newWorkspace());
        List<Row> rows = rows();

        var documented = documentedEndpoints();
        var tabled = rows.stream().map(Row::endpoint).collect(Collectors.toCollection(TreeSet::new));
        var missing = new TreeSet<>(documented);
        missing.removeAll(tabled);
        var stale = new TreeSet<>(tabled);
        stale.removeAll(documented);

        var completeness = dynamicTest("every endpoint of /v3/api-docs has a row, and every row an endpoint", () -> {
            assertThat(missing)
                    .as("endpoints of the OpenAPI document missing from the matrix")
                    .isEmpty();
            assertThat(stale)
                    .as("rows of the matrix that the OpenAPI document does not have")
                    .isEmpty();
        });
        var cells = rows.stream()
                .filter(r -> documented.contains(r.endpoint()))
                .map(r -> dynamicContainer(
                        r.endpoint(),
                        credentials.stream()
                                .map(c -> dynamicTest(c.name() + " → " + expectation(r, c), () -> check(r, c)))));
        return Stream.concat(Stream.of(completeness), cells);
    }

    private void check(Row row, Credential credential) {
        Call call = row.call().apply(credential);
        assertThat(call.method() + " " + templateOf(call.method(), call.path())).isEqualTo(row.endpoint());
        var api = anonymous().as(credential.token());
        var answer = api.send(call.method(), call.path(), call.body(), Map.of());
        String seen = call.method() + " " + call.path() + " as " + credential.name() + ": " + answer;
        switch (expectation(row, credential)) {
            case "401" -> assertThat(answer.status()).as(seen).isEqualTo(401);
            case "403" -> assertThat(answer.status()).as(seen).isEqualTo(403);
            case "404" -> assertThat(answer.status()).as(seen).isEqualTo(404);
            default ->
                assertThat(answer.status())
                        .as(seen)
                        .satisfiesAnyOf(
                                s -> assertThat(s).isBetween(200, 299),
                                s -> assertThat(s).isIn(400, 409, 422),
                                s -> assertThat(UNCONFIGURED_503.contains(row.endpoint()) && s == 503)
                                        .isTrue());
        }
        if (answer.status() >= 400) {
            assertThat(answer.header("Content-Type")).as(seen).startsWith("application/problem+json");
        }
        if (credential.kind() == Kind.OTHER_WORKSPACE_OWNER) {
            String sentBody = call.body() == null ? "" : call.body().toString();
            var notSent = Objects.requireNonNull(first).identifiers().stream()
                    .filter(id -> !call.path().contains(id) && !sentBody.contains(id))
                    .toList();
            assertThat(notSent)
                    .as("the first workspace's identifiers (but those in the request) in " + seen)
                    .allSatisfy(id -> assertThat(answer.raw().body()).doesNotContain(id));
        }
    }

    /** The expected answer: 401, 403, 404, or "allowed" (2xx, or 400/409/422 about the request). */
    static String expectation(Row row, Credential credential) {
        if (row.who() == Who.PLATFORM) {
            return "401";
        }
        if (row.who() == Who.ANYONE) {
            return "allowed";
        }
        if (credential.kind() == Kind.NOT_AUTHENTICATED) {
            return "401";
        }
        if (!allows(row.who(), credential)) {
            return "403";
        }
        if (credential.kind() == Kind.OTHER_WORKSPACE_OWNER && row.scope() == Scope.FIRST_WORKSPACE) {
            return "404";
        }
        return "allowed";
    }

    static boolean allows(Who who, Credential credential) {
        boolean key = credential.kind() == Kind.INTEGRATION_KEY;
        String role = credential.kind() == Kind.OTHER_WORKSPACE_OWNER ? "owner" : credential.role();
        return switch (who) {
            case ANYONE -> true;
            case PLATFORM -> false;
            case CALLERS -> true;
            case MEMBERS -> !key;
            case DECIDERS -> !key && !"viewer".equals(role);
            case DECIDERS_AND_PROPOSING_KEY -> key || !"viewer".equals(role);
            case CONFIGURERS -> !key && ("owner".equals(role) || "admin".equals(role));
            case OWNERS -> !key && "owner".equals(role);
        };
    }

    private Set<String> documentedEndpoints() {
        var document = anonymous().get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        var endpoints = new TreeSet<String>();
        document.body()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation ->
                                endpoints.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(endpoints).isNotEmpty();
        return endpoints;
    }

    /**
     * The document's template of a concrete path: the path itself when a row has it, else the ids of
     * the first workspace put back as parameters.
     */
    private String templateOf(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (rows().stream().anyMatch(row -> row.template().equals(bare))) {
            return bare;
        }
        for (Row row : rows()) {
            if (row.method().equals(method) && bare.matches(row.template().replaceAll("\\{[^/]+}", "[^/]+"))) {
                String[] want = row.template().split("/");
                String[] have = bare.split("/");
                if (want.length == have.length && literalPartsMatch(want, have)) {
                    return row.template();
                }
            }
        }
        return bare;
    }

    private static boolean literalPartsMatch(String[] template, String[] path) {
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{") && !template[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    private static Row row(String method, String template, Who who, Scope scope, Function<Credential, Call> call) {
        return new Row(method, template, who, scope, call);
    }

    /** A row for an endpoint without path parameters, called as written and without a body. */
    private static Row row(String method, String path, Who who) {
        return row(method, path, who, null);
    }

    /** A row for an endpoint without path parameters, called as written with {@code body} by every caller. */
    private static Row row(String method, String path, Who who, @Nullable Object body) {
        return row(method, path, who, Scope.OWN_WORKSPACE, c -> new Call(method, path, body));
    }

    /** A row for a resource of the first workspace: the template's one parameter is {@code id}, without a body. */
    private static Row onFirst(String method, String template, Who who, Supplier<String> id) {
        return onFirst(method, template, who, id, null);
    }

    /**
     * A row for a resource of the first workspace: the template's one parameter is {@code id}, asked
     * for each caller (a fresh resource where the request uses one up), and {@code body} is sent.
     */
    private static Row onFirst(String method, String template, Who who, Supplier<String> id, @Nullable Object body) {
        String before = template.substring(0, template.indexOf('{'));
        String after = template.substring(template.indexOf('}') + 1);
        return row(
                method, template, who, Scope.FIRST_WORKSPACE, c -> new Call(method, before + id.get() + after, body));
    }

    /**
     * WhatsApp settings the credential's workspace accepts: its two secrets are written first with the
     * credential itself (which fails harmlessly for a caller without the right).
     */
    private Map<String, Object> whatsAppSettings(Credential credential) {
        var api = anonymous().as(credential.token());
        api.put("/api/v1/secrets/matrix_wa_token", Map.of("value", "matrix-token"));
        api.put("/api/v1/secrets/matrix_wa_app_secret", Map.of("value", "matrix-app-secret"));
        return Map.of(
                "phoneNumberId",
                "106540352242922",
                "accessTokenSecret",
                "matrix_wa_token",
                "appSecretSecret",
                "matrix_wa_app_secret",
                "verifyToken",
                "matrix-verify-token");
    }

    /** The credential's workspace has a WhatsApp channel, set with the credential itself when it may. */
    private void whatsAppConnected(Credential credential) {
        anonymous().as(credential.token()).put("/api/v1/channels/whatsapp", whatsAppSettings(credential));
    }

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private static Call post(String path, @Nullable Object body) {
        return new Call("POST", path, body);
    }

    private static Call put(String path, Object body) {
        return new Call("PUT", path, body);
    }

    private static Call delete(String path) {
        return new Call("DELETE", path, null);
    }

    private static Map<String, Object> nullLimit() {
        var body = new HashMap<String, Object>();
        body.put("limit", null);
        return body;
    }

    private static String unique(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet() + "_" + (System.nanoTime() % 1_000_000);
    }

    /** The first workspace: its members of every role, an integration key, and one resource of each kind. */
    private final class Fixtures {

        final Tenant tenant;
        final Api owner;
        final String tool = unique("matrix_hook");
        /** A custom action left a draft, for publishing and test runs. */
        final String draft = unique("matrix_draft");

        @Nullable
        String ownerEmail;

        final List<String> ids = new ArrayList<>();
        final String keyToken;
        final Api key;
        final String action;
        final String approval;
        final String lead;
        final String booking;
        final String task;
        final String notification;
        final String discount;
        final String conversation = unique("conv_matrix");
        final String subscription;
        final String delivery;
        final String batch;

        static final Map<String, Object> MESSAGE =
                Map.of("role", "customer", "text", "Hello from the matrix", "channel", "other");

        /** A subscription to a private address: its deliveries fail at once, and may be sent again. */
        static final Map<String, Object> SUBSCRIPTION =
                Map.of("url", "https://127.0.0.1:9/matrix-events", "events", List.of("action.completed"));

        Fixtures(Tenant tenant) {
            this.tenant = tenant;
            this.owner = tenant.owner();
            ids.add(tenant.id());
            ids.add(tool);
            ids.add(draft);
            ids.add(conversation);
            this.keyToken = created(owner.post("/api/v1/api-keys", Map.of("name", "Matrix agent")), "key");
            this.key = owner.as(keyToken);
            created(owner.post("/api/v1/tools", customAction(tool)), "name");
            created(owner.post("/api/v1/tools", customAction(draft)), "name");
            assertThat(owner.post("/api/v1/tools/" + tool + "/publish", null).status())
                    .isEqualTo(200);
            for (String internal : List.of(
                    "create_support_task",
                    "booking_request",
                    "send_notification",
                    "tag_conversation",
                    "apply_discount")) {
                tenant.savePolicy(internal, "none", "immediate", Map.of("businessHours", false));
            }
            created(owner.put("/api/v1/secrets/matrix_secret", Map.of("value", "first workspace's")), null);
            this.subscription = created(owner.post("/api/v1/event-subscriptions", SUBSCRIPTION), "id");
            created(owner.post("/api/v1/conversations/" + conversation + "/messages", MESSAGE), "id");
            this.batch = remember(created(key.post("/api/v1/action-batches", batch(2)), "id"));
            var done = propose("create_support_task", Map.of("title", "Matrix task"));
            this.action = done.text("id");
            this.task = done.body().path("result").path("taskId").asString();
            this.booking = propose(
                            "booking_request",
                            BookingRequests.haircut("Ana", "ana@example.com", "2026-12-20T10:00:00Z"))
                    .body()
                    .path("result")
                    .path("bookingId")
                    .asString();
            this.notification = propose("send_notification", Map.of("message", "Matrix"))
                    .body()
                    .path("result")
                    .path("notificationId")
                    .asString();
            propose("tag_conversation", Map.of("conversationId", conversation, "tags", List.of("matrix")));
            this.discount = propose(
                            "apply_discount", Map.of("customer", "Ana Ruiz", "percent", 10, "reason", "Loyal customer"))
                    .body()
                    .path("result")
                    .path("discountId")
                    .asString();
            this.approval = freshApproval();
            this.lead = approvedLead();
            this.delivery = owner.get("/api/v1/event-subscriptions/" + subscription + "/deliveries")
                    .firstItem()
                    .path("id")
                    .asString();
            assertThat(delivery).isNotEmpty();
            ids.addAll(List.of(subscription, delivery));
            ids.addAll(List.of(action, approval, lead, booking, task, notification, discount));
        }

        /** The columns: no token, a made-up one, each role, an expired token, an integration key, another workspace's owner. */
        List<Credential> credentials(Tenant other) {
            var list = new ArrayList<Credential>();
            list.add(new Credential("no token", Kind.NOT_AUTHENTICATED, null, null, null));
            list.add(new Credential(
                    "a made-up token", Kind.NOT_AUTHENTICATED, null, "pol_pat_" + unique("madeup"), null));
            for (String role : List.of("owner", "admin", "reviewer", "viewer")) {
                String email = unique(role) + "@example.com";
                member(email, role);
                if (role.equals("owner")) {
                    ownerEmail = email;
                }
                var token = anonymous()
                        .post("/api/v1/auth/tokens", Map.of("email", email, "password", PASSWORD, "name", "Matrix"));
                list.add(new Credential(role, Kind.MEMBER, role, created(token, "token"), email));
            }
            list.add(new Credential("an expired token", Kind.NOT_AUTHENTICATED, null, expiredToken(ownerEmail), null));
            list.add(new Credential("integration key", Kind.INTEGRATION_KEY, null, keyToken, null));
            String otherOwnerEmail = unique("other") + "@example.com";
            created(
                    other.owner()
                            .post(
                                    "/api/v1/members",
                                    Map.of(
                                            "email",
                                            otherOwnerEmail,
                                            "name",
                                            "Other owner",
                                            "role",
                                            "owner",
                                            "password",
                                            PASSWORD)),
                    "id");
            var otherToken = anonymous()
                    .post(
                            "/api/v1/auth/tokens",
                            Map.of("email", otherOwnerEmail, "password", PASSWORD, "name", "Matrix"));
            list.add(new Credential(
                    "another workspace's owner",
                    Kind.OTHER_WORKSPACE_OWNER,
                    "owner",
                    created(otherToken, "token"),
                    otherOwnerEmail));
            return list;
        }

        /** An owner's personal access token whose expiry has passed. */
        String expiredToken(String email) {
            String name = unique("expired");
            String token = created(
                    anonymous()
                            .post(
                                    "/api/v1/auth/tokens",
                                    Map.of(
                                            "email",
                                            email,
                                            "password",
                                            PASSWORD,
                                            "name",
                                            name,
                                            "expiresAt",
                                            clock.instant()
                                                    .plus(Duration.ofDays(1))
                                                    .toString())),
                    "token");
            jdbc.sql("update api_tokens set expires_at = ? where name = ?")
                    .params(Timestamp.from(clock.instant().minusSeconds(60)), name)
                    .update();
            return token;
        }

        /** Every id and name of this workspace that another workspace's answers must not contain. */
        List<String> identifiers() {
            return List.copyOf(ids);
        }

        Map<String, Object> customAction(@Nullable String name) {
            var definition = new LinkedHashMap<String, Object>();
            if (name != null) {
                definition.put("name", name);
                definition.put("base", "generic_webhook");
            }
            definition.put("title", "Notify the CRM");
            definition.put("description", "Tells the CRM about an order");
            definition.put("inputSchema", InputSchemas.requiring("orderId", "integer"));
            definition.put("config", Map.of("url", "https://crm.example.com/hooks/orders"));
            return definition;
        }

        String freshMember() {
            return member(unique("member") + "@example.com", "viewer");
        }

        String freshKey() {
            return remember(created(owner.post("/api/v1/api-keys", Map.of("name", "Spare key")), "id"));
        }

        static Map<String, Object> standingApproval() {
            return Map.of(
                    "tool",
                    "create_lead",
                    "when",
                    "args.name == 'Matrix'",
                    "expiresAt",
                    java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString(),
                    "maxUses",
                    5);
        }

        /** A batch of {@code count} support tasks. */
        static Map<String, Object> batch(int count) {
            var items = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < count; i++) {
                items.add(Map.of("arguments", Map.of("title", "Matrix batch task " + i)));
            }
            return Map.of("tool", "create_support_task", "items", items, "reason", "Matrix");
        }

        /** A batch the integration key sent that waits for approval. */
        String freshBatch() {
            return remember(created(key.post("/api/v1/action-batches", batch(2)), "id"));
        }

        String freshStandingApproval() {
            return remember(created(owner.post("/api/v1/standing-approvals", standingApproval()), "id"));
        }

        String freshConversation() {
            String id = remember(unique("conv_spare"));
            created(owner.post("/api/v1/conversations/" + id + "/messages", MESSAGE), "id");
            return id;
        }

        String freshSubscription() {
            return remember(created(owner.post("/api/v1/event-subscriptions", SUBSCRIPTION), "id"));
        }

        String freshSecret() {
            String name = unique("spare_secret");
            created(owner.put("/api/v1/secrets/" + name, Map.of("value", "spare")), null);
            return remember(name);
        }

        /** A new token of the caller itself when it is one of this workspace's members, else of the owner's. */
        String freshTokenOf(Credential caller) {
            String email = caller.kind() == Kind.MEMBER ? caller.memberEmail() : ownerEmail;
            var token = anonymous()
                    .post("/api/v1/auth/tokens", Map.of("email", email, "password", PASSWORD, "name", "Spare"));
            return remember(created(token, "id"));
        }

        /** An action the integration key proposed that waits for approval, with its approval. */
        String freshPendingAction() {
            var proposed = key.post(
                    "/api/v1/actions",
                    Map.of(
                            "tool",
                            "create_lead",
                            "arguments",
                            Map.of("name", "Ana Ruiz", "email", "ana@example.com"),
                            "reason",
                            "Asked"));
            assertThat(proposed.text("status")).as(proposed.toString()).isEqualTo("pending_approval");
            remember(proposed.body().path("approval").path("id").asString());
            return remember(proposed.text("id"));
        }

        String freshApproval() {
            String actionId = freshPendingAction();
            return approvalOf(owner, actionId);
        }

        /** A message for everyone, left after every member of the matrix joined: each of them may mark it read. */
        String freshNotification() {
            return remember(propose("send_notification", Map.of("message", "Matrix"))
                    .body()
                    .path("result")
                    .path("notificationId")
                    .asString());
        }

        private String approvedLead() {
            String approvalId = freshApproval();
            var approved = owner.post("/api/v1/approvals/" + approvalId + "/approve", Map.of());
            assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
            String actionId = approved.body().path("action").path("id").asString();
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> owner.get("/api/v1/actions/" + actionId)
                            .text("status")
                            .equals("completed"));
            return owner.get("/api/v1/actions/" + actionId)
                    .body()
                    .path("result")
                    .path("leadId")
                    .asString();
        }

        private Api.Response propose(String tool, Map<String, Object> arguments) {
            var answer = key.post("/api/v1/actions", Map.of("tool", tool, "arguments", arguments, "reason", "Asked"));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            assertThat(answer.text("status")).as(answer.toString()).isEqualTo("completed");
            return answer;
        }

        private String member(String email, String role) {
            String id = created(
                    owner.post(
                            "/api/v1/members",
                            Map.of("email", email, "name", "A " + role, "role", role, "password", PASSWORD)),
                    "id");
            return remember(id);
        }

        private String remember(String id) {
            ids.add(id);
            return id;
        }
    }

    private static String created(Api.Response answer, @Nullable String field) {
        assertThat(answer.status()).as(answer.toString()).isBetween(200, 299);
        return field == null ? "" : answer.text(field);
    }
}
