package com.polaris.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.api.HostileText;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Defining and changing a custom action over HTTP: a schema that could break proposals (cyclic,
 * remote, oversized) is refused at creation and on change, and no body, however wrong, gets a 500 —
 * nor do proposals to whatever was accepted.
 */
class CustomActionInputApiTest extends PostgresApiTest {

    private static final Map<String, Object> CONFIG = Map.of("url", "https://crm.example.com/hook");

    private static Map<String, Object> definition(String name, Object schema) {
        return Map.of(
                "name",
                name,
                "title",
                "Notify the CRM",
                "base",
                "generic_webhook",
                "inputSchema",
                schema,
                "config",
                CONFIG);
    }

    private static Map<String, Object> nested(int levels) {
        Map<String, Object> schema = Map.of("type", "string");
        for (int i = 0; i < levels; i++) {
            schema = Map.of("type", "object", "properties", Map.of("p", schema));
        }
        return schema;
    }

    private static List<Object> breakingSchemas() {
        var wide = new LinkedHashMap<String, Object>();
        for (int i = 0; i < 3_000; i++) {
            wide.put("p" + i, Map.of("type", "string"));
        }
        return List.of(
                Map.of("$ref", "#", "type", "object"),
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "#"))),
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("a", Map.of("$ref", "#/$defs/x")),
                        "$defs",
                        Map.of(
                                "x",
                                Map.of("$ref", "#/$defs/y"),
                                "y",
                                Map.of("allOf", List.of(Map.of("$ref", "#/$defs/x"))))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "https://example.com/schema.json"))),
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("a", Map.of("$ref", "http://169.254.169.254/latest/meta-data"))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "file:///etc/passwd"))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "urn:example:address"))),
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "address.json"))),
                Map.of("$schema", "http://json-schema.org/draft-04/schema#", "type", "object"),
                Map.of("$id", "https://example.com/person", "type", "object"),
                nested(40),
                Map.of("type", "object", "properties", wide));
    }

    @Test
    void aSchemaThatCouldBreakProposalsIsRefusedAtCreationAndOnChange() {
        Api owner = tenant().owner();
        assertThat(owner.post("/api/v1/tools", definition("notify_crm", Map.of("type", "object")))
                        .status())
                .isEqualTo(201);
        var soft = new SoftAssertions();
        int n = 0;
        for (Object schema : breakingSchemas()) {
            var created = owner.post("/api/v1/tools", definition("other_" + n++, schema));
            soft.assertThat(created.status()).as("POST %s", brief(schema)).isEqualTo(422);
            soft.assertThat(created.body().path("errors").get(0).path("field").asString())
                    .startsWith("inputSchema");
            var changed = owner.put("/api/v1/tools/notify_crm", definition("notify_crm", schema));
            soft.assertThat(changed.status()).as("PUT %s", brief(schema)).isEqualTo(422);
            soft.assertThat(changed.body().path("errors").get(0).path("field").asString())
                    .startsWith("inputSchema");
        }
        soft.assertAll();
        assertThat(owner.get("/api/v1/tools/notify_crm").body().path("inputSchema"))
                .as("unchanged")
                .isEqualTo(JsonMapper.shared().valueToTree(Map.of("type", "object")));
        assertThat(owner.get("/api/v1/tools/notify_crm")
                        .body()
                        .path("definitionVersion")
                        .asInt())
                .isEqualTo(1);
        var narrowed = Map.of("type", "object", "properties", Map.of("email", Map.of("type", "string")));
        assertThat(owner.put("/api/v1/tools/notify_crm", definition("notify_crm", narrowed))
                        .body()
                        .path("definitionVersion")
                        .asInt())
                .as("a change of the definition is a new version, which approvals are bound to")
                .isEqualTo(2);
        assertThat(owner.get("/api/v1/tools/create_lead").body().has("definitionVersion"))
                .as("built-in tools have none")
                .isFalse();
    }

    @Test
    void aDefinitionWrongInManyWaysListsEveryProblemFieldByField() {
        Api owner = tenant().owner();
        var body = new LinkedHashMap<String, Object>();
        body.put("extra", 1);
        body.put("config", Map.of("url", "http://crm.example.com/hook", "x", 1));
        body.put("inputSchema", Map.of("type", "objekt"));
        body.put("description", 5);
        body.put("title", " ");
        body.put("base", "generic_webhook");
        body.put("name", "Bad-Name");
        var answer = owner.post("/api/v1/tools", body);
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorFields().stream().distinct())
                .containsExactly("extra", "name", "title", "description", "inputSchema", "config.x", "config.url");
        assertThat(answer.body().path("errors").get(1).path("message").asString())
                .isEqualTo("must match ^[a-z][a-z0-9_]{2,63}$");
        assertThat(answer.body().path("errors").get(2).path("message").asString())
                .isEqualTo("must be a non-blank string");
    }

    @Test
    void aSchemaWithLocalReferencesWorksForProposals() {
        var schema = Map.of(
                "type",
                "object",
                "required",
                List.of("billing"),
                "properties",
                Map.of("billing", Map.of("$ref", "#/$defs/address"), "shipping", Map.of("$ref", "#/$defs/address")),
                "$defs",
                Map.of(
                        "address",
                        Map.of(
                                "type",
                                "object",
                                "required",
                                List.of("city"),
                                "properties",
                                Map.of("city", Map.of("type", "string", "minLength", 1)))));
        assertThat(tenant().owner()
                        .post("/api/v1/tools", definition("ship_order", schema))
                        .status())
                .isEqualTo(201);
        assertThat(tenant().owner()
                        .post("/api/v1/tools/ship_order/publish", null)
                        .status())
                .isEqualTo(200);
        Api agent = tenant().owner();
        assertThat(agent.post(
                                "/api/v1/actions",
                                Map.of("tool", "ship_order", "arguments", Map.of("billing", Map.of("city", "Madrid"))))
                        .status())
                .isEqualTo(201);
        var refused = agent.post(
                "/api/v1/actions",
                Map.of("tool", "ship_order", "arguments", Map.of("billing", Map.of("city", ""), "shipping", Map.of())));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).contains("arguments.billing.city", "arguments.shipping.city");
    }

    /** Any JSON value, favouring the words a definition uses, nested a little. */
    private static Arbitrary<Object> junk(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                        Arbitraries.of(
                                true,
                                false,
                                0,
                                -1,
                                1.5,
                                1e300,
                                "",
                                " ",
                                "generic_webhook",
                                "send_email",
                                "object",
                                "string",
                                "https://crm.example.com/x",
                                "http://127.0.0.1/",
                                "{{args.x}}",
                                "{{secret:s}}",
                                "{{nope",
                                "#",
                                "#/$defs/a",
                                "notify_crm",
                                "Name: value",
                                "a\r\nb"),
                        Arbitraries.integers().map(i -> (Object) i),
                        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s))
                .injectNull(0.1);
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> keys = Arbitraries.of(
                "name",
                "title",
                "description",
                "base",
                "inputSchema",
                "config",
                "url",
                "headers",
                "body",
                "to",
                "subject",
                "html",
                "type",
                "properties",
                "required",
                "$ref",
                "$defs",
                "items",
                "format",
                "Authorization",
                "x");
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars),
                Tuple.of(1, junk(depth - 1).list().ofMaxSize(3).map(list -> (Object) list)),
                Tuple.of(3, Arbitraries.maps(keys, junk(depth - 1)).ofMaxSize(5).map(map ->
                        (Object) new HashMap<>(map))));
    }

    /** A definition whose every field may be right, wrong, missing or of another type. */
    private static Arbitrary<Map<String, Object>> definitions() {
        var fields = new LinkedHashMap<String, Arbitrary<Object>>();
        fields.put(
                "name",
                Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .ofMinLength(3)
                                .ofMaxLength(10)
                                .map(s -> (Object) ("t_" + s)),
                        junk(1)));
        fields.put("title", Arbitraries.oneOf(Arbitraries.just((Object) "A title"), junk(1)));
        fields.put("description", junk(1));
        fields.put("base", Arbitraries.oneOf(Arbitraries.of((Object) "generic_webhook", "send_email"), junk(1)));
        fields.put("inputSchema", Arbitraries.oneOf(Arbitraries.just((Object) Map.of("type", "object")), junk(3)));
        fields.put(
                "config",
                Arbitraries.oneOf(
                        Arbitraries.just((Object) CONFIG),
                        Arbitraries.just((Object) Map.of("to", "{{args.to}}", "subject", "Hi")),
                        junk(3)));
        fields.put("extra", junk(1));
        Arbitrary<Map<String, Object>> start = Arbitraries.just(Map.<String, Object>of());
        for (var field : fields.entrySet()) {
            start = start.flatMap(map -> Arbitraries.frequencyOf(
                    Tuple.of(4, field.getValue().map(value -> {
                        var next = new HashMap<>(map);
                        next.put(field.getKey(), value);
                        return (Map<String, Object>) next;
                    })),
                    Tuple.of(1, Arbitraries.just(map))));
        }
        return start.filter(map -> !map.containsKey("extra") || map.size() > 1);
    }

    @Test
    void noDefinitionHoweverWrongGetsAServerError() {
        Api owner = tenant().owner();
        assertThat(owner.post("/api/v1/tools", definition("notify_crm", Map.of("type", "object")))
                        .status())
                .isEqualTo(201);
        var soft = new SoftAssertions();
        for (var body : HostileText.samples(definitions(), 100)) {
            String json = HostileText.json(body);
            var created = owner.send("POST", "/api/v1/tools", json, Map.of());
            soft.assertThat(created.status()).as("POST %s", json).isIn(201, 409, 422);
            var changed = owner.send("PUT", "/api/v1/tools/notify_crm", json, Map.of());
            soft.assertThat(changed.status()).as("PUT %s", json).isIn(200, 409, 422);
            if (created.status() >= 400) {
                soft.assertThat(created.header("Content-Type")).startsWith("application/problem+json");
            } else {
                var proposed =
                        owner.post("/api/v1/actions", Map.of("tool", created.text("name"), "arguments", Map.of()));
                soft.assertThat(proposed.status()).as("a proposal to %s", json).isIn(201, 409, 422);
            }
            var proposed = owner.post("/api/v1/actions", Map.of("tool", "notify_crm", "arguments", Map.of("x", 1)));
            soft.assertThat(proposed.status())
                    .as("a proposal after PUT %s", json)
                    .isIn(201, 409, 422);
        }
        for (String whole : List.of("null", "[]", "\"x\"", "5", "true", "[{\"name\": \"t_x\"}]")) {
            soft.assertThat(owner.send("POST", "/api/v1/tools", whole, Map.of()).status())
                    .as("POST %s", whole)
                    .isEqualTo(422);
            soft.assertThat(owner.send("PUT", "/api/v1/tools/notify_crm", whole, Map.of())
                            .status())
                    .as("PUT %s", whole)
                    .isEqualTo(422);
        }
        soft.assertAll();
    }

    private static String brief(Object schema) {
        String json = HostileText.json(schema);
        return json.length() > 100 ? json.substring(0, 100) + "…" : json;
    }
}
