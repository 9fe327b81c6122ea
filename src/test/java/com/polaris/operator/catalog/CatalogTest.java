package com.polaris.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CatalogTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private final Catalog catalog = new Catalog(JSON);

    private List<FieldProblem> problems(String tool, String arguments) {
        return catalog.validate(catalog.find("ws_test", tool).orElseThrow(), JSON.readTree(arguments));
    }

    private List<String> fields(String tool, String arguments) {
        return problems(tool, arguments).stream().map(FieldProblem::field).toList();
    }

    @Test
    void listsTheBuiltInToolsOfTheContractWithTheirKinds() {
        assertThat(catalog.all("ws_test")).extracting(Tool::name).containsExactlyElementsOf(ContractTools.NAMES);
        assertThat(catalog.all("ws_test"))
                .filteredOn(t -> t.kind() == ToolKind.EXTERNAL)
                .extracting(Tool::name)
                .containsExactly("send_email", "send_whatsapp_message", "generic_webhook");
        assertThat(catalog.all("ws_test")).allSatisfy(tool -> {
            assertThat(tool.title()).isNotBlank();
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.inputSchema().path("$schema").asString())
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
        });
    }

    @Test
    void everySchemaButTheWebhookRefusesUnknownFields() {
        assertThat(catalog.all("ws_test"))
                .filteredOn(t -> !t.name().equals("generic_webhook"))
                .allSatisfy(tool -> assertThat(
                                tool.inputSchema().path("additionalProperties").asBoolean(true))
                        .isFalse());
        assertThat(problems("generic_webhook", "{\"anything\": [1, 2], \"goes\": {}}"))
                .isEmpty();
        assertThat(problems("generic_webhook", "[]"))
                .containsExactly(new FieldProblem("arguments", "must be an object"));
    }

    @Test
    void unknownToolIsNotFound() {
        assertThat(catalog.find("ws_test", "launch_rocket")).isEmpty();
    }

    /** Each tool with only its required arguments (minimal), and some with every argument they take (full). */
    static Stream<Arguments> validInputs() {
        return Stream.of(
                Arguments.of("minimal", "create_lead", "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}"),
                Arguments.of("minimal", "create_lead", "{\"name\": \"Ana Ruiz\", \"phone\": \"+34 600 123 456\"}"),
                Arguments.of("minimal", "booking_request", """
                {"name": "Ana", "phone": "600123456", "service": "Haircut", "requestedStart": "2026-11-23T10:15:30Z"}"""),
                Arguments.of("minimal", "update_booking_status", "{\"bookingId\": \"bkg_1\", \"status\": \"no_show\"}"),
                Arguments.of("minimal", "create_support_task", "{\"title\": \"Call back\"}"),
                Arguments.of("minimal", "send_notification", "{\"message\": \"New VIP lead\"}"),
                Arguments.of("minimal", "tag_conversation", "{\"conversationId\": \"conv_1\", \"tags\": [\"vip\"]}"),
                Arguments.of(
                        "minimal",
                        "send_email",
                        "{\"to\": \"a@example.com\", \"subject\": \"Hi\", \"body\": \"Hello\"}"),
                Arguments.of("full", "create_lead", """
                {"name": "Ana", "email": "ana@example.com", "phone": "(+34) 600-123.456", "company": "ACME", "notes": "quote"}"""),
                Arguments.of("full", "booking_request", """
                {"name": "Ana", "email": "ana@example.com", "phone": "600123456", "service": "Haircut",
                 "requestedStart": "2026-11-23T10:15:30.250+01:00", "notes": "first visit"}"""),
                Arguments.of(
                        "full",
                        "create_support_task",
                        "{\"title\": \"Call back\", \"description\": \"x\", \"priority\": \"urgent\"}"),
                Arguments.of("full", "send_notification", "{\"message\": \"m\", \"audience\": \"reviewer\"}"),
                Arguments.of("full", "send_notification", "{\"message\": \"m\", \"audience\": \"boss@example.com\"}"));
    }

    @ParameterizedTest(name = "{0} input of {1}: {2}")
    @MethodSource("validInputs")
    void minimalAndFullValidInputOfEachToolPasses(String extent, String tool, String arguments) {
        assertThat(problems(tool, arguments)).isEmpty();
    }

    @Test
    void leadWithoutEmailOrPhoneSaysEitherIsRequired() {
        assertThat(problems("create_lead", "{\"name\": \"Ana\"}"))
                .containsExactly(new FieldProblem("arguments", "either email or phone is required"));
        assertThat(problems(
                        "booking_request",
                        "{\"name\": \"Ana\", \"service\": \"s\", \"requestedStart\": \"2026-11-23T10:15:30Z\"}"))
                .containsExactly(new FieldProblem("arguments", "either email or phone is required"));
    }

    @Test
    void aWhatsAppMessageHasExactlyOneOfTextAndTemplate() {
        assertThat(problems("send_whatsapp_message", "{\"to\": \"+31612345678\", \"text\": \"Hi\"}"))
                .isEmpty();
        assertThat(problems(
                        "send_whatsapp_message",
                        "{\"to\": \"+31612345678\", \"template\": {\"name\": \"order_ready\", \"language\": \"en\","
                                + " \"parameters\": [\"A-17\"]}}"))
                .isEmpty();
        assertThat(problems("send_whatsapp_message", "{\"to\": \"+31612345678\"}"))
                .containsExactly(new FieldProblem("arguments", "either text or template is required"));
        assertThat(
                        problems(
                                "send_whatsapp_message",
                                "{\"to\": \"+31612345678\", \"text\": \"Hi\", \"template\": {\"name\": \"a\", \"language\": \"en\"}}"))
                .containsExactly(new FieldProblem("arguments", "must not have both text and template (give only one)"));
        assertThat(problems("send_whatsapp_message", "{\"to\": \"0612345678\", \"text\": \"Hi\"}"))
                .extracting(FieldProblem::field)
                .containsExactly("arguments.to");
        assertThat(problems(
                        "send_whatsapp_message", "{\"to\": \"+31612345678\", \"text\": \"" + "x".repeat(4097) + "\"}"))
                .containsExactly(new FieldProblem("arguments.text", "must be at most 4096 characters"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "create_lead           | {\"email\": \"a@example.com\"}                                        | arguments.name",
                "booking_request       | {\"email\": \"a@example.com\", \"service\": \"s\", \"requestedStart\": \"2026-11-23T10:15:30Z\"} | arguments.name",
                "booking_request       | {\"name\": \"A\", \"email\": \"a@example.com\", \"requestedStart\": \"2026-11-23T10:15:30Z\"} | arguments.service",
                "booking_request       | {\"name\": \"A\", \"email\": \"a@example.com\", \"service\": \"s\"}     | arguments.requestedStart",
                "update_booking_status | {\"status\": \"confirmed\"}                                            | arguments.bookingId",
                "update_booking_status | {\"bookingId\": \"bkg_1\"}                                             | arguments.status",
                "create_support_task   | {\"priority\": \"high\"}                                              | arguments.title",
                "send_notification     | {\"audience\": \"admin\"}                                             | arguments.message",
                "tag_conversation      | {\"tags\": [\"vip\"]}                                                 | arguments.conversationId",
                "tag_conversation      | {\"conversationId\": \"c\"}                                           | arguments.tags",
                "send_email            | {\"subject\": \"s\", \"body\": \"b\"}                                 | arguments.to",
                "send_email            | {\"to\": \"a@example.com\", \"body\": \"b\"}                          | arguments.subject",
                "send_email            | {\"to\": \"a@example.com\", \"subject\": \"s\"}                       | arguments.body",
            })
    void eachMissingRequiredFieldIsNamed(String tool, String arguments, String field) {
        assertThat(problems(tool, arguments)).containsExactly(new FieldProblem(field, "is required"));
    }

    @Test
    void wrongTypesAreNamedWithTheTypeExpected() {
        assertThat(problems("create_lead", "{\"name\": 42, \"email\": \"a@example.com\"}"))
                .containsExactly(new FieldProblem("arguments.name", "must be a string"));
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": \"vip\"}"))
                .containsExactly(new FieldProblem("arguments.tags", "must be an array"));
        assertThat(problems("update_booking_status", "{\"bookingId\": [\"bkg_1\"], \"status\": \"confirmed\"}"))
                .containsExactly(new FieldProblem("arguments.bookingId", "must be a string"));
        assertThat(problems("create_lead", "\"Ana\""))
                .extracting(FieldProblem::field)
                .contains("arguments");
    }

    @Test
    void missingOrNullArgumentsAreRequired() {
        Tool tool = catalog.find("ws_test", "create_lead").orElseThrow();
        assertThat(catalog.validate(tool, JSON.missingNode()))
                .containsExactly(new FieldProblem("arguments", "is required"));
        assertThat(catalog.validate(tool, JSON.nullNode()))
                .containsExactly(new FieldProblem("arguments", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "ana@", "@example.com", "ana example@example.com"})
    void badEmailIsRefusedBecauseFormatsAreAsserted(String email) {
        assertThat(problems("create_lead", "{\"name\": \"Ana\", \"email\": \"" + email + "\"}"))
                .containsExactly(new FieldProblem("arguments.email", "must be an email address"));
        assertThat(problems("send_email", "{\"to\": \"" + email + "\", \"subject\": \"s\", \"body\": \"b\"}"))
                .containsExactly(new FieldProblem("arguments.to", "must be an email address"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"tomorrow", "2026-11-23", "2026-11-23T10:15:30", "2026-13-01T10:00:00Z", "23/11/2026 10:15"})
    void badDateTimeIsRefused(String start) {
        assertThat(problems("booking_request", """
                {"name": "Ana", "email": "ana@example.com", "service": "s", "requestedStart": "%s"}""".formatted(start)))
                .extracting(FieldProblem::field)
                .containsExactly("arguments.requestedStart");
    }

    @Test
    void valuesOutsideTheirEnumListTheAllowedOnes() {
        assertThat(problems("update_booking_status", "{\"bookingId\": \"b\", \"status\": \"requested\"}"))
                .containsExactly(new FieldProblem(
                        "arguments.status", "must be one of confirmed, cancelled, completed, no_show"));
        assertThat(problems("create_support_task", "{\"title\": \"t\", \"priority\": \"asap\"}"))
                .containsExactly(new FieldProblem("arguments.priority", "must be one of low, normal, high, urgent"));
        assertThat(problems("send_notification", "{\"message\": \"m\", \"audience\": \"boss\"}"))
                .containsExactly(new FieldProblem(
                        "arguments.audience", "must be one of owner, admin, reviewer, viewer or an email address"));
    }

    @Test
    void tagsMustBeOneToTenUniqueShortStrings() {
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": []}"))
                .containsExactly(new FieldProblem("arguments.tags", "must have at least 1 item"));
        String eleven = "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]";
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": " + eleven + "}"))
                .containsExactly(new FieldProblem("arguments.tags", "must have at most 10 items"));
        String ten = "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"]";
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": " + ten + "}"))
                .isEmpty();
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": [\"vip\", \"vip\"]}"))
                .containsExactly(new FieldProblem("arguments.tags", "must not repeat an item"));
        assertThat(problems(
                        "tag_conversation",
                        "{\"conversationId\": \"c\", \"tags\": [\"vip\", \"" + "x".repeat(64) + "\"]}"))
                .isEmpty();
        assertThat(problems(
                        "tag_conversation",
                        "{\"conversationId\": \"c\", \"tags\": [\"vip\", \"ok\", \"" + "x".repeat(65) + "\"]}"))
                .containsExactly(new FieldProblem("arguments.tags[2]", "must be at most 64 characters"));
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": [\"vip\", \"\"]}"))
                .containsExactly(new FieldProblem("arguments.tags[1]", "must not be empty"));
        assertThat(problems("tag_conversation", "{\"conversationId\": \"c\", \"tags\": [\"vip\", \"   \", 7]}"))
                .containsExactly(
                        new FieldProblem("arguments.tags[1]", "must not be blank"),
                        new FieldProblem("arguments.tags[2]", "must be a string"));
    }

    @Test
    void additionalPropertyIsNamedAndRefused() {
        assertThat(problems("create_lead", "{\"name\": \"Ana\", \"email\": \"a@example.com\", \"age\": 40}"))
                .containsExactly(new FieldProblem("arguments.age", "is not an allowed field"));
        assertThat(fields("update_booking_status", "{\"bookingId\": \"b\", \"status\": \"confirmed\", \"why\": \"x\"}"))
                .containsExactly("arguments.why");
    }

    @Test
    void stringsLongerThanTheirLimitAreRefused() {
        assertThat(problems("create_lead", "{\"name\": \"" + "n".repeat(201) + "\", \"phone\": \"600123456\"}"))
                .containsExactly(new FieldProblem("arguments.name", "must be at most 200 characters"));
        assertThat(problems("create_support_task", "{\"title\": \"" + "t".repeat(301) + "\"}"))
                .containsExactly(new FieldProblem("arguments.title", "must be at most 300 characters"));
    }

    @Test
    void blankNameAndMalformedPhoneAreRefused() {
        assertThat(problems("create_lead", "{\"name\": \"  \", \"phone\": \"call me\"}"))
                .containsExactly(
                        new FieldProblem("arguments.name", "must not be blank"),
                        new FieldProblem("arguments.phone", "has characters that are not allowed"));
    }

    @Test
    void everyProblemOfOneInputIsReportedAtOnce() {
        assertThat(fields(
                        "booking_request", "{\"name\": 1, \"email\": \"bad\", \"requestedStart\": \"soon\", \"x\": 1}"))
                .containsExactlyInAnyOrder(
                        "arguments.name",
                        "arguments.email",
                        "arguments.requestedStart",
                        "arguments.service",
                        "arguments.x");
    }

    @Test
    void aCustomSchemaIsCheckedToo() {
        JsonNode schema = JSON.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"orderId": {"type": "integer"}}, "required": ["orderId"], "additionalProperties": false}""");
        Tool custom = new Tool("refund_order", "Refund order", "Refunds an order", ToolKind.EXTERNAL, schema);
        assertThat(catalog.validate(custom, JSON.readTree("{\"orderId\": 12}"))).isEmpty();
        assertThat(catalog.validate(custom, JSON.readTree("{\"orderId\": \"12\"}")))
                .containsExactly(new FieldProblem("arguments.orderId", "must be an integer"));
    }
}
