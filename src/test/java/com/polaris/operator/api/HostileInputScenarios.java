package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase;
import com.polaris.operator.CustomActions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Text the database would refuse — a NUL, a lone surrogate — is refused at the door, wherever it
 * is sent: in any field of any body (values and names, at any depth), in any query parameter, in a
 * cursor, in a header or the address; and every other text is stored and read back as it was sent.
 * The endpoints come from the OpenAPI document, so a new one is covered without being listed here.
 * Runs on PostgreSQL, which refuses such text, and on H2, which would take it. And when a statement
 * fails all the same, its error (what a log line shows) names none of the values it was given.
 */
interface HostileInputScenarios {

    /** The service's port, for raw requests. */
    int serverPort();

    Api anonymous();

    /** A new workspace with its owner signed in. */
    ApiTestBase.Tenant newWorkspace();

    /** An operation of the OpenAPI document: its method, its path with variables filled in, and its query parameters. */
    record Operation(String method, String path, boolean hasBody, List<String> queryParameters) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    default List<Operation> operations() {
        JsonNode document = anonymous().get("/v3/api-docs").body();
        var operations = new ArrayList<Operation>();
        for (var path : document.path("paths").properties()) {
            for (var method : path.getValue().properties()) {
                var query = new ArrayList<String>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    if (parameter.path("in").asString().equals("query")) {
                        query.add(parameter.path("name").asString());
                    }
                }
                operations.add(new Operation(
                        method.getKey().toUpperCase(),
                        path.getKey().replaceAll("\\{[^}]+}", "x_1"),
                        method.getValue().has("requestBody"),
                        query));
            }
        }
        assertThat(operations).as("the OpenAPI document lists the API").hasSizeGreaterThan(20);
        return operations;
    }

    @Test
    default void unstorableTextAnywhereInAnyBodyIsRefusedNamingTheField() {
        Api owner = newWorkspace().owner();
        var bodies = operations().stream().filter(Operation::hasBody).toList();
        assertThat(bodies)
                .extracting(Operation::toString)
                .contains(
                        "POST /api/v1/actions",
                        "PUT /api/v1/secrets/x_1",
                        "POST /api/v1/tools",
                        "PUT /api/v1/tools/x_1",
                        "PUT /api/v1/tools/x_1/policy",
                        "PUT /api/v1/business-hours",
                        "PUT /api/v1/usage/limit",
                        "POST /api/v1/members",
                        "POST /api/v1/auth/tokens",
                        "POST /api/v1/approvals/x_1/approve");
        var soft = new SoftAssertions();
        List<String> poisons = HostileText.samples(HostileText.unstorable(), bodies.size() * 3);
        int n = 0;
        for (Operation operation : bodies) {
            for (int shape = 0; shape < 3; shape++) {
                String poison = poisons.get(n++);
                Map<String, Object> body = new LinkedHashMap<>();
                String field;
                String message;
                switch (shape) {
                    case 0 -> {
                        body.put("name", poison);
                        field = "name";
                        message = "contains";
                    }
                    case 1 -> {
                        body.put("arguments", Map.of("items", List.of("fine", Map.of("note", poison))));
                        field = "arguments.items[1].note";
                        message = "contains";
                    }
                    default -> {
                        body.put("config", Map.of("headers", Map.of(poison, "value")));
                        field = "config.headers";
                        message = "has a field name that contains";
                    }
                }
                var answer = owner.send(operation.method(), operation.path(), HostileText.json(body), Map.of());
                soft.assertThat(answer.status())
                        .as("%s with %s", operation, HostileText.json(body))
                        .isEqualTo(422);
                soft.assertThat(answer.header("Content-Type"))
                        .as("%s", operation)
                        .startsWith("application/problem+json");
                soft.assertThat(answer.body()
                                .path("errors")
                                .valueStream()
                                .filter(e -> e.path("field").asString().equals(field))
                                .map(e -> e.path("message").asString()))
                        .as("%s names %s", operation, field)
                        .anySatisfy(text -> assertThat(text).startsWith(message));
            }
        }
        soft.assertAll();
    }

    @Test
    default void unstorableTextInAProposalNeverReachesTheDatabase() {
        var tenant = newWorkspace();
        for (String poison : HostileText.samples(HostileText.unstorable(), 30)) {
            for (var place : List.of("arguments.name", "reason", "conversation.excerpt", "conversation.id", "tool")) {
                Map<String, Object> conversation = new LinkedHashMap<>(Map.of("id", "conv_1", "excerpt", "Hi"));
                Map<String, Object> arguments = new LinkedHashMap<>(Map.of("name", "Ana", "email", "ana@example.com"));
                Map<String, Object> proposal = new LinkedHashMap<>(Map.of(
                        "tool",
                        "create_lead",
                        "arguments",
                        arguments,
                        "conversation",
                        conversation,
                        "reason",
                        "Asked"));
                switch (place) {
                    case "arguments.name" -> arguments.put("name", poison);
                    case "reason" -> proposal.put("reason", poison);
                    case "conversation.excerpt" -> conversation.put("excerpt", poison);
                    case "conversation.id" -> conversation.put("id", poison);
                    default -> proposal.put("tool", poison);
                }
                var answer =
                        tenant.integrationKey().send("POST", "/api/v1/actions", HostileText.json(proposal), Map.of());
                assertThat(answer.status())
                        .as("%s = %s", place, HostileText.json(poison))
                        .isEqualTo(422);
                assertThat(answer.body().path("errors").get(0).path("field").asString())
                        .isEqualTo(place);
            }
        }
        assertThat(tenant.owner().get("/api/v1/actions").body().path("items").size())
                .as("nothing stored")
                .isZero();
    }

    @Test
    default void storableTextOfEveryKindIsStoredAndReadBackAsSent() {
        var tenant = newWorkspace();
        Api agent = tenant.integrationKey();
        for (String text : HostileText.samples(HostileText.storable(), 40)) {
            String name = "N" + text;
            var proposal = Map.of(
                    "tool",
                    "create_lead",
                    "arguments",
                    Map.of("name", name, "email", "ana@example.com", "notes", text),
                    "conversation",
                    Map.of("id", "c" + text, "excerpt", text),
                    "reason",
                    text);
            var created = agent.send("POST", "/api/v1/actions", HostileText.json(proposal), Map.of());
            assertThat(created.status()).as("%s", HostileText.json(proposal)).isEqualTo(201);
            JsonNode stored = agent.get("/api/v1/actions/" + created.text("id")).body();
            assertThat(stored.path("arguments").path("name").asString()).isEqualTo(name);
            assertThat(stored.path("arguments").path("notes").asString()).isEqualTo(text);
            assertThat(stored.path("reason").asString()).isEqualTo(text);
            assertThat(stored.path("conversation").path("excerpt").asString()).isEqualTo(text);
            assertThat(stored.path("conversation").path("id").asString()).isEqualTo("c" + text);
        }
    }

    @Test
    default void unstorableTextInAnyQueryParameterIsRefusedNamingIt() {
        Api owner = newWorkspace().owner();
        var gets = operations().stream()
                .filter(o -> o.method().equals("GET") && !o.queryParameters().isEmpty())
                .toList();
        assertThat(gets).extracting(Operation::toString).contains("GET /api/v1/actions", "GET /api/v1/audit");
        var soft = new SoftAssertions();
        List<String> storable = HostileText.samples(HostileText.storable(), 50);
        int n = 0;
        for (Operation operation : gets) {
            for (String parameter : operation.queryParameters()) {
                String text = storable.get(n++ % storable.size());
                String nul = encode(text) + "%00" + encode(text);
                var answer = owner.get(operation.path() + "?" + parameter + "=" + nul);
                soft.assertThat(answer.status())
                        .as("%s ?%s=%s", operation, parameter, nul)
                        .isEqualTo(422);
                soft.assertThat(answer.body()
                                .path("errors")
                                .get(0)
                                .path("field")
                                .asString())
                        .isEqualTo(parameter);
                // A surrogate has no UTF-8 form: its CESU-8 bytes are malformed UTF-8.
                var broken = owner.get(operation.path() + "?" + parameter + "=" + encode(text) + "%ED%A0%80");
                soft.assertThat(broken.status())
                        .as("%s ?%s=%%ED%%A0%%80", operation, parameter)
                        .isEqualTo(400);
                soft.assertThat(broken.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        soft.assertAll();
    }

    @Test
    default void aCursorThatDecodesToUnstorableTextIsABadCursor() {
        Api owner = newWorkspace().owner();
        var paged = operations().stream()
                .filter(o -> o.queryParameters().contains("cursor"))
                .toList();
        assertThat(paged).isNotEmpty();
        // Only a NUL survives the trip through UTF-8 bytes; a lone surrogate becomes '?' on the way.
        for (String poison : HostileText.samples(HostileText.unstorable().filter(t -> t.indexOf('\0') >= 0), 10)) {
            String cursor =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(poison.getBytes(StandardCharsets.UTF_8));
            for (Operation operation : paged) {
                var answer = owner.get(operation.path() + "?cursor=" + cursor);
                assertThat(answer.status())
                        .as("%s ?cursor=%s", operation, cursor)
                        .isIn(400, 404);
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            }
        }
    }

    @Test
    default void unstorableTextInAHeaderOrTheAddressIsRefusedWithAProblem() {
        String token = newWorkspace().integrationKey().token();
        var soft = new SoftAssertions();
        for (String poison : List.of("\u0000", "a\u0000b")) {
            var answer = RawHttp.send(
                    serverPort(),
                    "POST /api/v1/actions HTTP/1.1\r\nContent-Type: application/json\r\n" + "Authorization: Bearer "
                            + token + "\r\nIdempotency-Key: " + poison,
                    "{\"tool\":\"create_lead\",\"arguments\":{\"name\":\"Ana\",\"email\":\"a@example.com\"}}"
                            .getBytes(StandardCharsets.UTF_8));
            soft.assertThat(answer.status())
                    .as("Idempotency-Key %s", HostileText.json(poison))
                    .isBetween(400, 422);
            soft.assertThat(answer.contentType()).as("%s", answer).startsWith("application/problem+json");
        }
        for (String target : List.of(
                "/api/v1/actions/%00",
                "/api/v1/actions/a%00b",
                "/api/v1/secrets/%ED%A0%80",
                "/api/v1/tools/%C0%80",
                "/api/v1/actions/%FF",
                "/api/v1/tools/a%2Fb")) {
            var answer = RawHttp.send(serverPort(), "GET " + target + " HTTP/1.1\r\nAuthorization: Bearer " + token);
            soft.assertThat(answer.status()).as(target).isEqualTo(400);
            soft.assertThat(answer.contentType()).as("%s: %s", target, answer).startsWith("application/problem+json");
        }
        soft.assertAll();
    }

    @Test
    default void unstorableTextInAnyFieldOfACustomActionIsRefused() {
        Api owner = newWorkspace().owner();
        for (String poison : HostileText.samples(HostileText.unstorable(), 20)) {
            var action = new LinkedHashMap<String, Object>(CustomActions.definition(
                    "notify_crm",
                    "Notify",
                    "generic_webhook",
                    Map.of("type", "object"),
                    Map.of("url", "https://crm.example.com/hook")));
            String place = Arbitraries.of(
                            "title", "description", "inputSchema.description", "config.url", "config.body.text")
                    .sample();
            switch (place) {
                case "inputSchema.description" ->
                    action.put("inputSchema", Map.of("type", "object", "description", poison));
                case "config.url" -> action.put("config", Map.of("url", "https://crm.example.com/" + poison));
                case "config.body.text" ->
                    action.put("config", Map.of("url", "https://crm.example.com/hook", "body", Map.of("text", poison)));
                default -> action.put(place, poison);
            }
            var answer = owner.send("POST", "/api/v1/tools", HostileText.json(action), Map.of());
            assertThat(answer.status()).as("%s", HostileText.json(action)).isEqualTo(422);
            assertThat(answer.body().path("errors").get(0).path("field").asString())
                    .isEqualTo(place);
        }
    }

    @Test
    default void aFailingStatementNamesNoValueItWasGiven(@Autowired JdbcClient jdbc) {
        jdbc.sql("create table if not exists value_probe (v varchar(60) primary key)")
                .update();
        var soft = new SoftAssertions();
        for (String text : HostileText.samples(Arbitraries.strings().alpha().ofLength(12), 5)) {
            String marker = "mk" + text + System.nanoTime();
            jdbc.sql("insert into value_probe values (?)").param(marker).update();
            List<ThrowingCallable> failures = List.of(
                    () -> jdbc.sql("insert into value_probe values (?)")
                            .param(marker)
                            .update(),
                    () -> jdbc.sql("insert into value_probe values (?)")
                            .param(marker + "x".repeat(60))
                            .update(),
                    () -> jdbc.sql("insert into value_probe values (?)")
                            .param(marker + "\u0000")
                            .update(),
                    () -> jdbc.sql("select cast(? as integer)")
                            .param(marker)
                            .query(Integer.class)
                            .single());
            for (ThrowingCallable failure : failures) {
                Throwable thrown = catchThrowable(failure);
                if (thrown == null) {
                    continue;
                }
                var printed = new StringWriter();
                thrown.printStackTrace(new PrintWriter(printed));
                soft.assertThat(printed.toString())
                        .as("what a log line would show")
                        .doesNotContain(marker);
            }
        }
        soft.assertAll();
    }

    @Test
    default void theLoggersThatPrintBoundValuesStayQuietWhateverTheRootLevel(@Autowired LoggingSystem logging) {
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.TRACE);
        try {
            for (String name : List.of(
                    "org.springframework.jdbc.core.StatementCreatorUtils",
                    "org.postgresql",
                    "org.postgresql.core.v3.QueryExecutorImpl",
                    "org.h2")) {
                assertThat(LoggerFactory.getLogger(name).isDebugEnabled())
                        .as(name)
                        .isFalse();
            }
            assertThat(java.util.logging.Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl")
                            .isLoggable(java.util.logging.Level.FINE))
                    .isFalse();
        } finally {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
