package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.booking.BookingRequests;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * JSON is read strictly on every endpoint: no value of one type taken for another, no name given
 * twice, nothing but UTF-8, and no date out of range; numeric query parameters never make a 500.
 */
class StrictJsonApiTest extends PostgresApiTest {

    /** JSON values of every type but a whole number, for fields that take one. */
    private static Arbitrary<String> notAWholeNumber() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 100_000).map(n -> "\"" + n + "\""),
                Arbitraries.doubles()
                        .between(-1e6, 1e6)
                        .ofScale(3)
                        .filter(d -> d != Math.rint(d))
                        .map(String::valueOf),
                Arbitraries.of(
                        "true",
                        "false",
                        "[]",
                        "[10]",
                        "{}",
                        "{\"limit\": 10}",
                        "\"\"",
                        "\"ten\"",
                        "1e3",
                        "99999999999",
                        "-99999999999",
                        "1.5",
                        "0.1"));
    }

    /** JSON values of every type but a string, for fields that take one. */
    private static Arbitrary<String> notAString() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().ofScale(2).map(String::valueOf),
                Arbitraries.of("true", "false", "[]", "[\"a\"]", "{}", "{\"a\": \"b\"}"));
    }

    @Test
    void theUsageLimitIsAWholeNumberOrNullAndNothingElse() {
        Api owner = tenant().owner();
        assertThat(owner.put("/api/v1/usage/limit", Map.of("limit", 10)).status())
                .isEqualTo(200);
        var soft = new SoftAssertions();
        for (String value : HostileText.samples(notAWholeNumber(), 60)) {
            var answer = owner.send("PUT", "/api/v1/usage/limit", "{\"limit\": " + value + "}", Map.of());
            soft.assertThat(answer.status()).as("limit %s", value).isEqualTo(422);
            soft.assertThat(answer.body().path("errors").get(0).path("field").asString())
                    .as("limit %s", value)
                    .isEqualTo("limit");
        }
        soft.assertAll();
        assertThat(owner.get("/api/v1/usage").body().path("limit").asInt())
                .as("unchanged")
                .isEqualTo(10);
        assertThat(owner.send("PUT", "/api/v1/usage/limit", "{\"limit\": null}", Map.of())
                        .status())
                .isEqualTo(200);
    }

    record StringField(String method, String path, String template, String field) {}

    @Test
    void aFieldThatTakesTextRefusesEveryOtherType() {
        Api owner = tenant().owner();
        var fields = List.of(
                new StringField("PUT", "/api/v1/secrets/crm_token", "{\"value\": %s}", "value"),
                new StringField("POST", "/api/v1/approvals/apr_none/approve", "{\"comment\": %s}", "comment"),
                new StringField("POST", "/api/v1/approvals/apr_none/reject", "{\"reason\": %s}", "reason"),
                new StringField("POST", "/api/v1/api-keys", "{\"name\": %s}", "name"),
                new StringField(
                        "POST",
                        "/api/v1/members",
                        "{\"email\": %s, \"name\": \"A\", \"role\": \"viewer\", \"password\": \"a long password\"}",
                        "email"),
                new StringField("PATCH", "/api/v1/members/mem_none", "{\"role\": %s}", "role"),
                new StringField(
                        "POST", "/api/v1/auth/tokens", "{\"email\": \"a@example.com\", \"password\": %s}", "password"),
                new StringField(
                        "POST",
                        "/api/v1/actions",
                        "{\"tool\": \"create_lead\", \"arguments\": {}, \"reason\": %s}",
                        "reason"),
                new StringField("POST", "/api/v1/actions", "{\"tool\": %s, \"arguments\": {}}", "tool"),
                new StringField(
                        "PUT",
                        "/api/v1/tools/create_lead/policy",
                        "{\"approval\": %s, \"execution\": \"immediate\"}",
                        "approval"),
                new StringField("PUT", "/api/v1/business-hours", "{\"timezone\": %s, \"weekly\": {}}", "timezone"),
                new StringField(
                        "POST",
                        "/api/v1/tools",
                        "{\"name\": \"notify_crm\", \"title\": %s, \"base\": "
                                + "\"generic_webhook\", \"inputSchema\": {\"type\": \"object\"}, \"config\": {\"url\": "
                                + "\"https://crm.example.com\"}}",
                        "title"));
        var soft = new SoftAssertions();
        List<String> values = HostileText.samples(notAString(), fields.size() * 4);
        int n = 0;
        for (StringField field : fields) {
            for (int i = 0; i < 4; i++) {
                String body = field.template().formatted(values.get(n++));
                var answer = owner.send(field.method(), field.path(), body, Map.of());
                soft.assertThat(answer.status())
                        .as("%s %s %s", field.method(), field.path(), body)
                        .isEqualTo(422);
                soft.assertThat(answer.body()
                                .path("errors")
                                .valueStream()
                                .map(e -> e.path("field").asString()))
                        .as("%s %s %s", field.method(), field.path(), body)
                        .contains(field.field());
            }
        }
        soft.assertAll();
    }

    @Test
    void aNameGivenTwiceAnywhereInABodyIsMalformed() {
        Api owner = tenant().owner();
        var endpoints = List.of(
                new String[] {"POST", "/api/v1/actions"},
                new String[] {"PUT", "/api/v1/usage/limit"},
                new String[] {"PUT", "/api/v1/tools/create_lead/policy"},
                new String[] {"PUT", "/api/v1/business-hours"},
                new String[] {"POST", "/api/v1/tools"},
                new String[] {"PUT", "/api/v1/secrets/crm_token"},
                new String[] {"POST", "/api/v1/members"});
        var soft = new SoftAssertions();
        for (int depth : HostileText.samples(Arbitraries.integers().between(0, 12), 24)) {
            String name = HostileText.samples(
                            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), 1)
                    .getFirst();
            String inner = "{\"" + name + "\": 1, \"other\": true, \"" + name + "\": 2}";
            String body = "{\"x\": ".repeat(depth) + inner + "}".repeat(depth);
            for (String[] endpoint : endpoints) {
                var answer = owner.send(endpoint[0], endpoint[1], body, Map.of());
                soft.assertThat(answer.status())
                        .as("%s %s %s", endpoint[0], endpoint[1], body)
                        .isEqualTo(400);
                soft.assertThat(answer.text("type")).endsWith("/malformed-json");
            }
        }
        soft.assertAll();
    }

    /** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, beyond U+10FFFF, cut short. */
    private static Arbitrary<byte[]> notUtf8() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0x80, 0xBF).map(b -> new byte[] {b.byteValue()}),
                Arbitraries.integers().between(0xF5, 0xFF).map(b -> new byte[] {b.byteValue()}),
                Arbitraries.integers().between(0x00, 0x3F).map(b -> new byte[] {(byte) 0xC0, (byte) (0x80 | b)}),
                Arbitraries.integers().between(0x00, 0x3F).map(b -> new byte[] {(byte) 0xC1, (byte) (0x80 | b)}),
                Arbitraries.integers().between(0xA0, 0xBF).map(b ->
                        new byte[] {(byte) 0xED, b.byteValue(), (byte) 0x80}),
                Arbitraries.integers().between(0x80, 0x9F).map(b ->
                        new byte[] {(byte) 0xE0, b.byteValue(), (byte) 0x80}),
                Arbitraries.integers().between(0x90, 0xBF).map(b ->
                        new byte[] {(byte) 0xF4, b.byteValue(), (byte) 0x80, (byte) 0x80}),
                Arbitraries.integers().between(0xC2, 0xDF).map(b -> new byte[] {b.byteValue(), 'x'}),
                Arbitraries.integers().between(0xE1, 0xEC).map(b -> new byte[] {b.byteValue(), (byte) 0x80, 'x'}));
    }

    @Test
    void aBodyThatIsNotUtf8IsMalformed() {
        String key = agent().token();
        var soft = new SoftAssertions();
        for (byte[] bad : HostileText.samples(notUtf8(), 40)) {
            for (String field : List.of("name", "notes")) {
                var body = new ByteArrayOutputStream();
                body.writeBytes(
                        ("{\"tool\": \"create_lead\", \"arguments\": {\"email\": \"a@example.com\", \"name\": \"Ana\", \""
                                        + field + "\": \"before")
                                .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(bad);
                body.writeBytes("after\"}}".getBytes(StandardCharsets.UTF_8));
                var answer = RawHttp.send(
                        port,
                        "POST /api/v1/actions HTTP/1.1\r\nContent-Type: application/json\r\n" + "Authorization: Bearer "
                                + key,
                        body.toByteArray());
                soft.assertThat(answer.status())
                        .as("bytes %s", java.util.HexFormat.of().formatHex(bad))
                        .isEqualTo(400);
                soft.assertThat(answer.body()).contains("malformed-json");
            }
        }
        soft.assertAll();
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items").size())
                .as("nothing stored")
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO-8859-1", "UTF-16", "UTF-16LE", "windows-1252", "US-ASCII"})
    void aBodyInAnotherCharsetIsRefused(String charset) {
        var answer = tenant().owner()
                .sendRaw("PUT", "/api/v1/usage/limit", "{\"limit\": 5}", "application/json; charset=" + charset);
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"limit\": 1} x",
                "{\"limit\": 1}{\"limit\": 2}",
                "{\"limit\": 1,}",
                "{'limit': 1}",
                "{\"limit\": NaN}",
                "{\"limit\": 01}",
                "{\"limit\": Infinity}",
                "{\"limit\": 1 // more\n}"
            })
    void malformedJsonIsABadRequest(String body) {
        var answer = tenant().owner().send("PUT", "/api/v1/usage/limit", body, Map.of());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).endsWith("/malformed-json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"limit\": 1}]", "\"limit\"", "5", "true"})
    void aBodyThatIsNotAnObjectIsRefusedAsTheWholeBody(String body) {
        var answer = tenant().owner().send("PUT", "/api/v1/usage/limit", body, Map.of());
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("errors").get(0).path("field").asString()).isEmpty();
    }

    @Test
    void numericQueryParametersNeverFailTheServer() {
        Api owner = tenant().owner();
        JsonNode document = anonymous().get("/v3/api-docs").body();
        var paged = new ArrayList<String>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    if (method.getKey().equals("get")
                            && method.getValue()
                                    .path("parameters")
                                    .valueStream()
                                    .anyMatch(p -> p.path("name").asString().equals("limit"))) {
                        paged.add(path.getKey().replaceAll("\\{[^}]+}", "x_1"));
                    }
                }));
        assertThat(paged).contains("/api/v1/actions", "/api/v1/audit", "/api/v1/tools");
        List<String> values = new ArrayList<>(List.of(
                "abc",
                "-1",
                "0",
                "1.5",
                "201",
                "99999999999",
                "",
                "%20",
                "1e3",
                "0x10",
                "NaN",
                "-0",
                "2147483648",
                "%00"));
        values.addAll(HostileText.samples(Arbitraries.strings().ofMaxLength(12), 20).stream()
                .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))
                .toList());
        var soft = new SoftAssertions();
        for (String path : paged) {
            for (String value : values) {
                var answer = owner.get(path + "?limit=" + value);
                soft.assertThat(answer.status()).as("%s?limit=%s", path, value).isNotEqualTo(500);
                if (answer.status() >= 400) {
                    soft.assertThat(answer.header("Content-Type"))
                            .as("%s?limit=%s", path, value)
                            .startsWith("application/problem+json");
                }
            }
            if (!path.contains("x_1")) {
                soft.assertThat(owner.get(path + "?limit=abc").status())
                        .as(path)
                        .isEqualTo(400);
                soft.assertThat(owner.get(path + "?limit=-1").status()).as(path).isEqualTo(400);
                soft.assertThat(owner.get(path + "?limit=1.5").status())
                        .as(path)
                        .isEqualTo(400);
            }
        }
        soft.assertAll();
    }

    @Test
    void datesOutsideTheYears1900To9999AreRefused() {
        Api owner = tenant().owner();
        for (String date : List.of("0000-01-01", "0001-01-01", "1000-06-15", "1899-12-31")) {
            var answer = owner.put(
                    "/api/v1/business-hours",
                    Map.of("timezone", "UTC", "weekly", Map.of(), "holidays", List.of("2026-12-25", date)));
            assertThat(answer.status()).as(date).isEqualTo(422);
            assertThat(answer.body().path("errors").get(0).path("field").asString())
                    .isEqualTo("holidays[1]");
        }
        assertThat(owner.put(
                                "/api/v1/business-hours",
                                Map.of(
                                        "timezone",
                                        "UTC",
                                        "weekly",
                                        Map.of(),
                                        "holidays",
                                        List.of("1900-01-01", "9999-12-31")))
                        .status())
                .isEqualTo(200);
        for (String start : List.of(
                "0000-01-01T10:00:00Z",
                "1899-12-31T23:59:59Z",
                "0999-01-01T00:00:00+01:00",
                "10000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z")) {
            var answer = agent().post("/api/v1/actions", bookingAt(start));
            assertThat(answer.status()).as(start).isEqualTo(422);
            assertThat(answer.body().path("errors").get(0).path("field").asString())
                    .isEqualTo("arguments.requestedStart");
        }
        assertThat(agent().post("/api/v1/actions", bookingAt("9999-12-31T10:00:00Z"))
                        .status())
                .isEqualTo(201);
    }

    private static Map<String, Object> bookingAt(String requestedStart) {
        return Map.of(
                "tool",
                "booking_request",
                "arguments",
                BookingRequests.haircut("Ana", "ana@example.com", requestedStart));
    }

    @Test
    void aDryRunTakesOnlyABooleanForRequestReview() {
        Api owner = tenant().owner();
        for (String value : List.of("\"yes\"", "\"true\"", "1", "0", "[]", "{}")) {
            var answer = owner.send(
                    "POST",
                    "/api/v1/tools/create_lead/dry-run",
                    "{\"arguments\": {\"name\": \"Ana\", \"email\": \"a@example.com\"}, \"requestReview\": " + value
                            + "}",
                    Map.of());
            assertThat(answer.status()).as(value).isEqualTo(422);
            assertThat(answer.body().path("errors").get(0).path("field").asString())
                    .isEqualTo("requestReview");
        }
    }
}
