package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.identity.Role;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every console form, posted over plain HTTP as a browser would post it (session cookie, CSRF
 * token, URL-encoded fields), with each of its fields missing, empty, malformed or holding text
 * PostgreSQL refuses: the answer is never a failure of ours, and the form comes back with every
 * problem in words beside its field (tied to it for screen readers), in a summary at the top of the
 * form that takes the focus, and with what was typed. A role that may not use a form gets 403 before
 * anything it sent is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFormsTest extends PostgresApiTest {

    /** Stands for a field left out of the request altogether. */
    private static final String MISSING = "(missing)";

    private static final String NUL = "Ana\u0000Ruiz";
    /** Test inputs a tool's test forms refuse: missing, empty, not JSON, a wrong type and a NUL in two spellings. */
    private static final List<String> TEST_INPUTS =
            List.of(MISSING, "", "[1,", "{\"email\": 3}", "{\"email\": \"\\u0000\"}", "{\"email\": \"" + NUL + "\"}");

    private static final AtomicInteger UNIQUE = new AtomicInteger();
    /** What an error message must not look like: a pattern, a parser's or validator's words, a stack trace. */
    private static final Pattern NOT_WORDS = Pattern.compile(
            "\\^|\\$\\.|\\\\[sdwSDW]|\\[a-z|Exception|Unexpected character|Unrecognized token|Source: |at \\[|"
                    + "line: \\d|JSON Schema|\\$schema|null|NumberFormat|must match");

    /** How a field keeps what was typed when its form comes back. */
    enum Kind {
        TEXT,
        CHOICE,
        SECRET
    }

    /** A field of a form: its parameter, the id of its element (null: its problems are about the whole form). */
    record Field(String param, @Nullable String id, Kind kind, List<String> bad) {}

    /**
     * A console form: who uses it, where it posts ({@code {approval}}, {@code {tool}} and
     * {@code {member}} stand for ids made for each case), the id of the form element, values it
     * takes, and the answer those values get (302 when they are saved, 200 when a page answers).
     */
    record Form(
            String name,
            Role role,
            String path,
            String formId,
            Map<String, String> valid,
            int success,
            List<Field> fields) {

        Field field(String param) {
            return fields.stream()
                    .filter(f -> f.param().equals(param))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static final List<Form> FORMS = List.of(
            new Form(
                    "new custom action",
                    Role.OWNER,
                    "/tools/new",
                    "new-action",
                    values(
                            "name",
                            "notify_{unique}",
                            "title",
                            "Notify the CRM",
                            "description",
                            "Tells the CRM",
                            "base",
                            "generic_webhook",
                            "fields.0.name",
                            "email",
                            "fields.0.type",
                            "email",
                            "fields.0.required",
                            "true",
                            "url",
                            "https://crm.example.com/hooks",
                            "headers",
                            "X-Source: polaris",
                            "body",
                            "{\"email\": \"{{args.email}}\"}"),
                    200,
                    List.of(
                            new Field(
                                    "name",
                                    "action-name",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "Notify CRM!", "ab", "notify\u0000crm")),
                            new Field("title", "action-title", Kind.TEXT, List.of(MISSING, "", "   ", NUL)),
                            new Field("description", "action-description", Kind.TEXT, List.of(NUL)),
                            new Field(
                                    "base", "base-webhook", Kind.CHOICE, List.of("", "ftp_upload", "send\u0000email")),
                            new Field(
                                    "fields.0.name",
                                    "field-name-0",
                                    Kind.TEXT,
                                    List.of("1st email", "e-mail", "e\u0000mail")),
                            new Field("fields.0.type", "field-type-0", Kind.CHOICE, List.of("date", "em\u0000ail")),
                            new Field(
                                    "url",
                                    "webhook-url",
                                    Kind.TEXT,
                                    List.of(
                                            MISSING,
                                            "",
                                            "http://crm.example.com/hooks",
                                            "not a url",
                                            "https://crm.example.com/\u0000")),
                            new Field(
                                    "headers",
                                    "webhook-headers",
                                    Kind.TEXT,
                                    List.of(
                                            "no colon here",
                                            "X-Source: polaris\nbroken line",
                                            "X-Source: po\u0000laris")),
                            new Field(
                                    "body",
                                    "webhook-body",
                                    Kind.TEXT,
                                    List.of("{oops", "{\"email\": \"\\u0000\"}", "{\"email\": \"a\u0000b\"}")))),
            new Form(
                    "test run of a tool",
                    Role.REVIEWER,
                    "/tools/{tool}/test-runs",
                    "test-run-form",
                    values("arguments", "{\"email\": \"ana@example.com\"}", "reason", "Trying it out"),
                    302,
                    List.of(
                            new Field("arguments", "test-run-arguments", Kind.TEXT, TEST_INPUTS),
                            new Field("reason", "test-run-reason", Kind.TEXT, List.of("a\u0000b")))),
            new Form(
                    "test of a custom action",
                    Role.REVIEWER,
                    "/tools/{tool}/test",
                    "test-form",
                    values("arguments", "{\"email\": \"ana@example.com\"}"),
                    200,
                    List.of(new Field("arguments", "test-arguments", Kind.TEXT, TEST_INPUTS))),
            new Form(
                    "tool rules",
                    Role.OWNER,
                    "/tools/create_lead/policy",
                    "basic-form",
                    values(
                            "approval",
                            "required",
                            "execution",
                            "background",
                            "reviewersShown",
                            "true",
                            "roleOwner",
                            "true",
                            "roleAdmin",
                            "true",
                            "roleReviewer",
                            "true",
                            "reviewerMembers",
                            "",
                            "quorum",
                            "1",
                            "expiresAfter",
                            "",
                            "remindAfter",
                            "",
                            "escalateAfter",
                            ""),
                    302,
                    List.of(
                            new Field(
                                    "approval",
                                    "approval-required",
                                    Kind.CHOICE,
                                    List.of(MISSING, "", "sometimes", "requi\u0000red")),
                            new Field("execution", "execution-immediate", Kind.CHOICE, List.of(MISSING, "", "later")),
                            new Field(
                                    "reviewerMembers",
                                    "reviewer-members",
                                    Kind.TEXT,
                                    List.of("a\u0000b@example.com", "nobody@example.com")),
                            new Field("quorum", "quorum", Kind.TEXT, List.of("0", "two", "21", "1\u0000")),
                            new Field(
                                    "expiresAfter",
                                    "expires-after",
                                    Kind.TEXT,
                                    List.of("-3", "soon", "9000", "PT0S", "7\u00002")),
                            new Field("remindAfter", "remind-after", Kind.TEXT, List.of("0", "4 hours")),
                            new Field("escalateAfter", "escalate-after", Kind.TEXT, List.of("P400D", "\u0000")))),
            new Form(
                    "Policy JSON",
                    Role.OWNER,
                    "/tools/create_lead/policy-json",
                    "policy-form",
                    values(
                            "policy",
                            "{\"approval\": \"required\", \"execution\": \"background\", \"businessHours\": false}"),
                    302,
                    List.of(new Field(
                            "policy",
                            "policy",
                            Kind.TEXT,
                            List.of(
                                    MISSING,
                                    "",
                                    "{",
                                    "[]",
                                    "{\"approval\": \"sometimes\"}",
                                    "{\"approval\": \"required\", \"\\u0000\": 1}",
                                    "{\"approval\": \"" + NUL + "\"}")))),
            new Form(
                    "enabling a tool",
                    Role.OWNER,
                    "/tools/create_lead/enabled",
                    "enabled-form",
                    values("enabled", "true"),
                    302,
                    List.of(new Field("enabled", null, Kind.CHOICE, List.of(MISSING, "", "maybe", "tr\u0000ue")))),
            new Form(
                    "business hours",
                    Role.OWNER,
                    "/settings/hours",
                    "hours-form",
                    values(
                            "timezone",
                            "UTC",
                            "day.mon",
                            "09:00-18:00",
                            "day.tue",
                            "09:00-13:00, 14:00-18:00",
                            "holidays",
                            "2026-12-25"),
                    302,
                    List.of(
                            new Field(
                                    "timezone",
                                    "timezone",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "Mars/Olympus", "Europe/Ma\u0000drid")),
                            new Field(
                                    "day.mon",
                                    "day-mon",
                                    Kind.TEXT,
                                    List.of("9 to 5", "18:00-10:00", "25:00-26:00", "09:00-\u000018:00")),
                            new Field(
                                    "holidays",
                                    "holidays",
                                    Kind.TEXT,
                                    List.of("31/12/2026", "2026-02-30", "2026-12-\u000025")))),
            new Form(
                    "new member",
                    Role.OWNER,
                    "/settings/members",
                    "new-member",
                    values(
                            "name",
                            "Nora New",
                            "email",
                            "nora-{unique}@example.com",
                            "role",
                            "reviewer",
                            "password",
                            MEMBER_PASSWORD),
                    302,
                    List.of(
                            new Field(
                                    "name", "member-name", Kind.TEXT, List.of(MISSING, "", "  ", NUL, "n".repeat(201))),
                            new Field(
                                    "email",
                                    "member-email",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "nora", "nora@@example.com", "no\u0000ra@example.com")),
                            new Field("role", "member-role", Kind.CHOICE, List.of(MISSING, "", "emperor")),
                            new Field(
                                    "password",
                                    "member-password",
                                    Kind.SECRET,
                                    List.of(MISSING, "", "short", "a long enough\u0000password", "é".repeat(37))))),
            new Form(
                    "member's role",
                    Role.OWNER,
                    "/settings/members/{member}/role",
                    "role-form-{member}",
                    values("role", "viewer"),
                    302,
                    List.of(new Field(
                            "role", "role-{member}", Kind.CHOICE, List.of(MISSING, "", "emperor", "vie\u0000wer")))),
            new Form(
                    "new integration key",
                    Role.ADMIN,
                    "/settings/keys",
                    "new-key",
                    values("name", "Website chatbot"),
                    200,
                    List.of(new Field(
                            "name", "key-name", Kind.TEXT, List.of(MISSING, "", "   ", NUL, "k".repeat(201))))),
            new Form(
                    "new personal token",
                    Role.VIEWER,
                    "/settings/tokens",
                    "new-token",
                    values("name", "Reporting"),
                    200,
                    List.of(new Field(
                            "name", "token-name", Kind.TEXT, List.of(MISSING, "", "   ", NUL, "t".repeat(201))))),
            new Form(
                    "secret",
                    Role.ADMIN,
                    "/settings/secrets",
                    "new-secret",
                    values("name", "crm_token", "value", "s3cret"),
                    302,
                    List.of(
                            new Field(
                                    "name",
                                    "secret-name",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "bad name", "crm\u0000token")),
                            new Field(
                                    "value",
                                    "secret-value",
                                    Kind.SECRET,
                                    List.of(MISSING, "", "s3\u0000cret", "v".repeat(8193))))),
            new Form(
                    "whatsapp channel",
                    Role.ADMIN,
                    "/settings/whatsapp",
                    "whatsapp-channel",
                    values(
                            "phoneNumberId",
                            "106540352242922",
                            "accessTokenSecret",
                            "wa_token",
                            "appSecretSecret",
                            "wa_app_secret",
                            "verifyToken",
                            "a-long-verify-token"),
                    302,
                    List.of(
                            new Field(
                                    "phoneNumberId",
                                    "wa-phone-number-id",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "+31 6 1234", "106\u0000540")),
                            new Field(
                                    "accessTokenSecret",
                                    "wa-access-token-secret",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "no_such_secret", "wa\u0000token")),
                            new Field(
                                    "appSecretSecret",
                                    "wa-app-secret-secret",
                                    Kind.TEXT,
                                    List.of(MISSING, "bad name", "wa\u0000app")),
                            new Field(
                                    "verifyToken",
                                    "wa-verify-token",
                                    Kind.SECRET,
                                    List.of("short", "with a space inside", "a-long-verify\u0000token")),
                            new Field(
                                    "apiBaseUrl",
                                    "wa-api-base-url",
                                    Kind.TEXT,
                                    List.of(
                                            "ftp://graph.example.com",
                                            "not a url",
                                            "https://graph.example.com/\u0000")))),
            new Form(
                    "usage limit",
                    Role.OWNER,
                    "/settings/usage",
                    "limit-form",
                    values("limit", "1000"),
                    302,
                    List.of(new Field(
                            "limit",
                            "limit",
                            Kind.TEXT,
                            List.of("ten", "1.5", "-1", "99999999999", "1e999999999", "0x10", "10\u0000")))),
            new Form(
                    "approval",
                    Role.REVIEWER,
                    "/approvals/{approval}/approve",
                    "approve-{approval}",
                    values("comment", "Looks right"),
                    302,
                    List.of(new Field("comment", "comment-{approval}", Kind.TEXT, List.of(NUL, "c".repeat(2001))))),
            new Form(
                    "rejection",
                    Role.REVIEWER,
                    "/approvals/{approval}/reject",
                    "reject-{approval}",
                    values("reason", "Duplicate lead"),
                    302,
                    List.of(new Field(
                            "reason",
                            "reason-{approval}",
                            Kind.TEXT,
                            List.of(MISSING, "", "   ", NUL, "r".repeat(2001))))),
            new Form(
                    "decision on several approvals",
                    Role.REVIEWER,
                    "/approvals/decisions",
                    "bulk-create_lead",
                    values("tool", "create_lead", "ids", "{approval}", "decision", "reject", "reason", "Duplicates"),
                    302,
                    List.of(
                            new Field(
                                    "reason",
                                    "bulk-reason-create_lead",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "   ", NUL, "r".repeat(2001))),
                            new Field("ids", null, Kind.TEXT, List.of(MISSING, "", "apr\u0000x")),
                            new Field("decision", null, Kind.CHOICE, List.of(MISSING, "", "maybe")))),
            new Form(
                    "edited arguments",
                    Role.REVIEWER,
                    "/approvals/{approval}/preview",
                    "edit-form",
                    values("arg.name", "Ana Ruiz", "arg.email", "ana@example.com", "comment", "Fixed the name"),
                    200,
                    List.of(
                            new Field(
                                    "arg.name",
                                    "field-name",
                                    Kind.TEXT,
                                    List.of(MISSING, "", "   ", NUL, "n".repeat(201))),
                            new Field(
                                    "arg.email",
                                    "field-email",
                                    Kind.TEXT,
                                    List.of("not an email", "ana@exa\u0000mple.com")),
                            new Field("arg.phone", "field-phone", Kind.TEXT, List.of("call me", "+34\u0000600")),
                            new Field("comment", "comment", Kind.TEXT, List.of(NUL, "c".repeat(2001))))),
            new Form(
                    "approval with edited arguments",
                    Role.REVIEWER,
                    "/approvals/{approval}/approve",
                    "edit-form",
                    values("arguments", "{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\"}", "comment", "Fixed"),
                    302,
                    List.of(
                            new Field(
                                    "arguments",
                                    null,
                                    Kind.TEXT,
                                    List.of("{", "[]", "{\"name\": \"\\u0000\"}", "{\"name\": \"" + NUL + "\"}")),
                            new Field("comment", "comment", Kind.TEXT, List.of(NUL, "c".repeat(2001))))));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private @Nullable Fixture fixture;

    /** One workspace for every case: its members signed in, a custom action, a member whose role changes. */
    private record Fixture(Tenant tenant, Api agent, Map<Role, ConsoleClient> clients, String mia) {}

    private synchronized Fixture fixture() {
        if (fixture == null) {
            Tenant tenant = newWorkspace();
            var clients = new LinkedHashMap<Role, ConsoleClient>();
            for (Role role : Role.values()) {
                clients.put(
                        role,
                        ConsoleClient.signIn(
                                "http://localhost:" + port,
                                tenant.addMember(role.wire(), "A " + role.wire()),
                                MEMBER_PASSWORD));
            }
            NotifyCrmAction.addTo(tenant);
            tenant.saveSecret("wa_token", "EAAG-console-token");
            tenant.saveSecret("wa_app_secret", "console-app-secret");
            String mia = tenant.memberId(tenant.addMember(Role.REVIEWER.wire(), "Mia Member"));
            fixture = new Fixture(tenant, tenant.integrationKey(), clients, mia);
        }
        return fixture;
    }

    static Stream<Arguments> badValues() {
        var cases = new ArrayList<Arguments>();
        for (Form form : FORMS) {
            for (Field field : form.fields()) {
                for (String bad : field.bad()) {
                    cases.add(Arguments.of(form.name(), field.param(), bad));
                }
            }
        }
        return cases.stream();
    }

    static Stream<String> forms() {
        return FORMS.stream().map(Form::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void everyFormTakesItsValidValues(String name) {
        Form form = form(name);
        var ids = ids(form);
        var answer = client(form).post(ids.apply(form.path()), ids.values(form.valid()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(form.success());
        if (answer.status() == 200) {
            assertThat(answer.document().getElementById(ids.apply(form.formId()) + "-summary"))
                    .as(answer.body())
                    .isNull();
        }
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("badValues")
    void aMissingEmptyMalformedOrUnstorableFieldComesBackBesideItsFieldWithWhatWasTyped(
            String name, String param, String bad) {
        Form form = form(name);
        var ids = ids(form);
        var values = ids.values(form.valid());
        if (MISSING.equals(bad)) {
            values.remove(param);
        } else {
            values.put(param, bad);
        }

        var answer = client(form).post(ids.apply(form.path()), values);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Field field = form.field(param);
        assertShownBesideField(
                answer.document(), ids.apply(form.formId()), field.id() == null ? null : ids.apply(field.id()));
        if (field.id() != null && !MISSING.equals(bad)) {
            assertKept(answer.document(), ids.apply(field.id()), field, bad);
        }
    }

    /**
     * Every problem at once: all the fields of a form that the form checks itself, wrong together,
     * each come back beside their own field.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void everyProblemOfAFormIsShownAtOnce(String name) {
        Form form = form(name);
        var ids = ids(form);
        var values = ids.values(form.valid());
        var wrong = new ArrayList<Field>();
        for (Field field : form.fields()) {
            if (field.id() == null) {
                continue;
            }
            String bad = field.bad().stream()
                    .filter(b -> b.indexOf('\u0000') >= 0)
                    .findFirst()
                    .orElse(field.bad().getFirst());
            if (MISSING.equals(bad)) {
                values.remove(field.param());
            } else {
                values.put(field.param(), bad);
            }
            wrong.add(field);
        }
        if (wrong.size() < 2) {
            return;
        }

        var answer = client(form).post(ids.apply(form.path()), values);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Document page = answer.document();
        Element summary = page.getElementById(ids.apply(form.formId()) + "-summary");
        assertThat(summary).as(answer.body()).isNotNull();
        for (Field field : wrong) {
            assertShownBesideField(page, ids.apply(form.formId()), ids.apply(field.id()));
        }
        assertThat(summary.select("li")).hasSizeGreaterThanOrEqualTo(wrong.size());
    }

    /** Many malformed values, generated: never a failure of ours, and what is refused says so beside its field. */
    static Stream<Arguments> generatedValues() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> controls = Arbitraries.strings()
                .withCharRange('\u0000', '\u001f')
                .withChars("a-:.,{}[]\" ")
                .ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.bigDecimals().map(Object::toString),
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.strings().numeric().ofMaxLength(30),
                Arbitraries.of("NaN", "Infinity", "-0", "1_000", "٣", "１０", "1e-9999", "--1"));
        Arbitrary<String> json =
                Arbitraries.strings().withChars("{}[]\":,\\u0 ntrue").ofMaxLength(30);
        var cases = new ArrayList<Arguments>();
        anyText.sampleStream().limit(25).forEach(v -> {
            cases.add(Arguments.of("new integration key", "name", v));
            cases.add(Arguments.of("business hours", "timezone", v));
            cases.add(Arguments.of("new member", "email", v));
        });
        controls.sampleStream().limit(20).forEach(v -> {
            cases.add(Arguments.of("rejection", "reason", v));
            cases.add(Arguments.of("business hours", "day.mon", v));
        });
        numbers.sampleStream().limit(25).forEach(v -> cases.add(Arguments.of("usage limit", "limit", v)));
        json.sampleStream().limit(25).forEach(v -> {
            cases.add(Arguments.of("Policy JSON", "policy", v));
            cases.add(Arguments.of("test of a custom action", "arguments", v));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("generatedValues")
    void generatedMalformedValuesNeverFailAndAreRefusedBesideTheirField(String name, String param, String value) {
        Form form = form(name);
        var ids = ids(form);
        var values = ids.values(form.valid());
        values.put(param, value);

        var answer = client(form).post(ids.apply(form.path()), values);
        if (form.path().equals("/settings/usage") && answer.status() == 302) {
            var limit = new LinkedHashMap<String, Object>();
            limit.put("limit", null);
            assertThat(fixture()
                            .tenant()
                            .owner()
                            .put("/api/v1/usage/limit", limit)
                            .status())
                    .isEqualTo(200);
        }

        assertThat(answer.status()).as(answer.body()).isIn(200, 302);
        Document page = answer.document();
        Element summary = page.getElementById(ids.apply(form.formId()) + "-summary");
        if (summary != null) {
            Field field = form.field(param);
            String id = ids.apply(field.id());
            assertThat(summary.text()).doesNotContainPattern(NOT_WORDS);
            if (summary.selectFirst("a[href=#" + id + "]") != null) {
                assertShownBesideField(page, ids.apply(form.formId()), id);
                assertKept(page, id, field, value);
            }
        }
    }

    /**
     * A request no browser makes (bytes that are not UTF-8, a surrogate written as UTF-8, a
     * parameter given twice) is never a failure of ours either.
     */
    @ParameterizedTest
    @MethodSource("forms")
    void bytesNoBrowserSendsNeverFail(String name) {
        Form form = form(name);
        var ids = ids(form);
        for (String raw : List.of("%ED%A0%80", "%C3%28", "%FF%FE", "%E2%82", "%F0%9F%98", "%00", "%")) {
            for (Field field : form.fields()) {
                var values = ids.values(form.valid());
                values.remove(field.param());
                var answer = client(form)
                        .postRaw(
                                ids.apply(form.path()),
                                ConsoleClient.encode(values) + "&"
                                        + ConsoleClient.encode(Map.of(field.param(), "x"))
                                                .replace("=x", "=a" + raw + "b"));
                assertThat(answer.status())
                        .as(field.param() + " " + raw + ": " + answer.body())
                        .isIn(200, 302, 400);
            }
        }
    }

    /**
     * The console POST handlers that act as a member, from the running application: every one says
     * which roles may use it, and each role that may not gets 403 before anything it sent is read,
     * however malformed.
     */
    @Test
    void aFormPostedByARoleThatMayNotUseItIs403BeforeAnythingIsRead() {
        Fixture f = fixture();
        String approval = pendingApproval(f);
        String action = approvalAction(f, approval);
        Map<String, String> samples = Map.ofEntries(
                Map.entry("/tools/new", "/tools/new"),
                Map.entry("/tools/{name}/test", "/tools/notify_crm/test"),
                Map.entry("/tools/{name}/changes", "/tools/create_lead/changes"),
                Map.entry("/tools/{name}/policy", "/tools/create_lead/policy"),
                Map.entry("/tools/{name}/policy-json", "/tools/create_lead/policy-json"),
                Map.entry("/tools/{name}/enabled", "/tools/create_lead/enabled"),
                Map.entry("/tools/{name}/publish", "/tools/create_lead/publish"),
                Map.entry("/tools/{name}/test-runs", "/tools/notify_crm/test-runs"),
                Map.entry("/tools/{name}/unpublish", "/tools/create_lead/unpublish"),
                Map.entry("/settings/hours", "/settings/hours"),
                Map.entry("/settings/members", "/settings/members"),
                Map.entry("/settings/members/{id}/role", "/settings/members/" + f.mia() + "/role"),
                Map.entry("/settings/members/{id}/remove", "/settings/members/" + f.mia() + "/remove"),
                Map.entry("/settings/keys", "/settings/keys"),
                Map.entry("/settings/keys/{id}/revoke", "/settings/keys/tok_unknown/revoke"),
                Map.entry("/settings/tokens", "/settings/tokens"),
                Map.entry("/settings/tokens/{id}/revoke", "/settings/tokens/tok_unknown/revoke"),
                Map.entry("/settings/secrets", "/settings/secrets"),
                Map.entry("/settings/secrets/{name}/delete", "/settings/secrets/crm_token/delete"),
                Map.entry("/settings/usage", "/settings/usage"),
                Map.entry("/settings/events", "/settings/events"),
                Map.entry("/settings/whatsapp", "/settings/whatsapp"),
                Map.entry("/settings/whatsapp/disconnect", "/settings/whatsapp/disconnect"),
                Map.entry("/settings/standing-approvals", "/settings/standing-approvals"),
                Map.entry("/settings/standing-approvals/{id}/revoke", "/settings/standing-approvals/sa_unknown/revoke"),
                Map.entry("/settings/events/{id}/delete", "/settings/events/evs_unknown/delete"),
                Map.entry("/settings/web-widget", "/settings/web-widget"),
                Map.entry("/settings/web-widget/rotate-key", "/settings/web-widget/rotate-key"),
                Map.entry("/settings/conversations", "/settings/conversations"),
                Map.entry("/conversations/{id}/erase", "/conversations/conv_unknown/erase"),
                Map.entry("/conversations/{id}/prepare", "/conversations/conv_unknown/prepare"),
                Map.entry("/batches/{id}/cancel", "/batches/bat_unknown/cancel"),
                Map.entry("/batches/{id}/approve", "/batches/bat_unknown/approve"),
                Map.entry("/batches/{id}/reject", "/batches/bat_unknown/reject"),
                Map.entry(
                        "/settings/events/{id}/deliveries/{deliveryId}/redeliver",
                        "/settings/events/evs_unknown/deliveries/evd_unknown/redeliver"),
                Map.entry("/approvals/{id}/approve", "/approvals/" + approval + "/approve"),
                Map.entry("/approvals/{id}/reject", "/approvals/" + approval + "/reject"),
                Map.entry("/approvals/{id}/preview", "/approvals/" + approval + "/preview"),
                Map.entry("/approvals/decisions", "/approvals/decisions"),
                Map.entry("/actions/{id}/cancel", "/actions/" + action + "/cancel"),
                Map.entry("/actions/{id}/retry", "/actions/" + action + "/retry"),
                Map.entry("/notifications/{id}/read", "/notifications/ntf_unknown/read"),
                Map.entry("/notifications/read-all", "/notifications/read-all"));
        var garbage = new LinkedHashMap<String, String>();
        for (String param : List.of(
                "name",
                "title",
                "approval",
                "execution",
                "enabled",
                "policy",
                "arguments",
                "comment",
                "reason",
                "role",
                "email",
                "password",
                "value",
                "limit",
                "timezone",
                "day.mon",
                "holidays",
                "url",
                "body")) {
            garbage.put(param, "{\u0000\uFFFF" + param);
        }
        var checked = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackage() != ConsoleFormsTest.class.getPackage()
                    || !info.getMethodsCondition().getMethods().contains(RequestMethod.POST)
                    || Arrays.stream(method.getMethodParameters())
                            .noneMatch(p -> p.getParameterType() == ConsoleMember.class)) {
                return;
            }
            AllowedRoles allowed = method.getMethodAnnotation(AllowedRoles.class);
            assertThat(allowed).as(method + " says which roles may use it").isNotNull();
            for (String pattern : info.getPatternValues()) {
                assertThat(samples).as("a sample address for " + pattern).containsKey(pattern);
                for (Role role : Role.values()) {
                    if (Arrays.asList(allowed.value()).contains(role)) {
                        continue;
                    }
                    var answer = f.clients().get(role).post(samples.get(pattern), garbage);
                    assertThat(answer.status())
                            .as(role + " → " + pattern + ": " + answer.body())
                            .isEqualTo(403);
                    assertThat(answer.body()).contains("Your role does not allow this.");
                    checked.add(role.wire() + " " + pattern);
                }
            }
        });
        assertThat(checked).as("refusals checked").hasSizeGreaterThan(25);
        assertThat(f.tenant().owner().get("/api/v1/approvals/" + approval).text("status"))
                .isEqualTo("pending");
        assertThat(f.tenant().owner().get("/api/v1/actions/" + action).text("status"))
                .isEqualTo("pending_approval");
    }

    /**
     * Deciding is open to every role in the console because a member named as a reviewer decides
     * whatever their role; the service still refuses a viewer who is not named (403, nothing decided).
     */
    @Test
    void aViewerNamedAsAReviewerDecidesThroughTheConsoleAndAViewerNotNamedIsRefused() {
        Tenant tenant = newWorkspace();
        String named = tenant.addMember("viewer", "Vera Named");
        String other = tenant.addMember("viewer", "Otto Viewer");
        tenant.savePolicy(
                "create_support_task",
                "required",
                "immediate",
                Map.of("reviewers", Map.of("roles", List.of("owner"), "members", List.of(named))));
        var agent = tenant.integrationKey();
        String first = supportTaskApproval(agent);
        String second = supportTaskApproval(agent);
        String base = "http://localhost:" + port;
        ConsoleClient notNamed = ConsoleClient.signIn(base, other, MEMBER_PASSWORD);
        ConsoleClient namedViewer = ConsoleClient.signIn(base, named, MEMBER_PASSWORD);

        var inbox = notNamed.get("/approvals");
        assertThat(inbox.document().select("#approval-" + first + " .approve-form"))
                .isEmpty();
        assertThat(inbox.document().select("#approval-" + first).text())
                .contains("can see approvals but not decide them");
        assertThat(notNamed.post("/approvals/" + first + "/approve", Map.of()).status())
                .isEqualTo(403);
        assertThat(notNamed.post("/approvals/" + first + "/reject", Map.of("reason", "No"))
                        .status())
                .isEqualTo(403);
        assertThat(notNamed.post("/approvals/" + first + "/preview", Map.of("arg.title", "Call"))
                        .status())
                .isEqualTo(403);
        assertThat(notNamed.post(
                                "/approvals/decisions",
                                Map.of("tool", "create_support_task", "decision", "approve", "ids", first))
                        .status())
                .as("deciding several together stays with the reviewing roles")
                .isEqualTo(403);
        assertThat(tenant.owner().get("/api/v1/approvals/" + first).text("status"))
                .isEqualTo("pending");

        var mine = namedViewer.get("/approvals");
        assertThat(mine.document().select("#approval-" + first + " .approve-form"))
                .as("a named viewer's inbox offers the decision")
                .isNotEmpty();
        var approved = namedViewer.post("/approvals/" + first + "/approve", Map.of("comment", "Fine"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);
        var rejected = namedViewer.post("/approvals/" + second + "/reject", Map.of("reason", "Not now"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(302);
        assertThat(tenant.owner().get("/api/v1/approvals/" + first).text("status"))
                .isEqualTo("approved");
        assertThat(tenant.owner().get("/api/v1/approvals/" + second).text("status"))
                .isEqualTo("rejected");
    }

    private static String supportTaskApproval(Api agent) {
        return acceptedApproval(agent.post(
                "/api/v1/actions",
                Map.of("tool", "create_support_task", "arguments", Map.of("title", "Call back", "priority", "high"))));
    }

    /** The filters and pagers of the lists (GET forms) take any text and any cursor without failing. */
    @ParameterizedTest
    @MethodSource("listAddresses")
    void aListFilterOrCursorNeverFails(String address) {
        var answer = fixture().clients().get(Role.VIEWER).get(address);
        assertThat(answer.status()).as(answer.body()).isIn(200, 400);
        assertThat(answer.body()).doesNotContain("Something went wrong on our side");
    }

    static Stream<String> listAddresses() {
        var addresses = new ArrayList<String>();
        for (String bad :
                List.of("%00", "a%00b", "%ED%A0%80", "%FF", "AA", "AAA", "_-_-", "x".repeat(3000), "%25", "'%3B--")) {
            addresses.add("/approvals?status=" + bad);
            addresses.add("/approvals?cursor=" + bad);
            addresses.add("/actions?status=" + bad);
            addresses.add("/actions?tool=" + bad);
            addresses.add("/actions?conversationId=" + bad);
            addresses.add("/actions?cursor=" + bad);
            addresses.add("/audit?type=" + bad);
            addresses.add("/audit?actionId=" + bad);
            addresses.add("/audit?cursor=" + bad);
            addresses.add("/notifications?show=" + bad);
            addresses.add("/notifications?cursor=" + bad);
        }
        return addresses.stream();
    }

    /** A service's refusal (409: decided or changed meanwhile; the last owner) is shown on the page, not an error page. */
    @Test
    void aRefusalOfTheServiceIsShownOnThePageNotAsAnErrorPage() {
        Fixture f = fixture();
        String approval = pendingApproval(f);
        ConsoleClient reviewer = f.clients().get(Role.REVIEWER);
        assertThat(reviewer.post("/approvals/" + approval + "/approve", Map.of())
                        .status())
                .isEqualTo(302);

        for (var post : List.of(
                Map.entry("/approvals/" + approval + "/approve", Map.of("comment", "again")),
                Map.entry("/approvals/" + approval + "/reject", Map.of("reason", "too late")),
                Map.entry("/approvals/" + approval + "/preview", Map.of("arg.name", "Ana")),
                Map.entry("/approvals/" + approval + "/approve", Map.of("arguments", "{\"name\": \"Ana\"}")))) {
            var answer = reviewer.post(post.getKey(), post.getValue());
            assertThat(answer.status()).as(post + ": " + answer.body()).isEqualTo(200);
            Element summary = answer.document().getElementById("inbox-summary");
            assertThat(summary).as(answer.body()).isNotNull();
            assertThat(summary.text()).contains("This approval has already been decided.");
        }

        String action = approvalAction(f, approval);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "completed"
                        .equals(f.tenant()
                                .owner()
                                .get("/api/v1/actions/" + action)
                                .text("status")));
        var cancel = reviewer.post("/actions/" + action + "/cancel", Map.of());
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.document().getElementById("action-page-summary").text())
                .contains("cannot be cancelled");
        var retry = reviewer.post("/actions/" + action + "/retry", Map.of());
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.document().getElementById("action-page-summary").text())
                .contains("cannot be retried");

        Tenant alone = newWorkspace();
        var onlyOwner = alone.owner().get("/api/v1/members").firstItem();
        String ownerId = onlyOwner.path("id").asString();
        ConsoleClient owner = ConsoleClient.signIn(
                "http://localhost:" + port, onlyOwner.path("email").asString(), "correct horse battery");
        var demoted = owner.post("/settings/members/" + ownerId + "/role", Map.of("role", "admin"));
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        assertShownBesideField(demoted.document(), "role-form-" + ownerId, "role-" + ownerId);
        assertThat(demoted.document()
                        .getElementById("role-" + ownerId + "-errors")
                        .text())
                .contains("last owner");
        var removed = owner.post("/settings/members/" + ownerId + "/remove", Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertShownBesideField(removed.document(), "remove-form", null);
        assertThat(removed.document().getElementById("remove-form-summary").text())
                .contains("last owner");
    }

    private static void assertShownBesideField(Document page, String formId, @Nullable String fieldId) {
        Element form = page.getElementById(formId);
        Element summary = page.getElementById(formId + "-summary");
        assertThat(summary)
                .as("the error summary of " + formId + " in " + page.body().html())
                .isNotNull();
        if (form != null) {
            assertThat(form.children().stream()
                            .filter(e -> !e.attr("type").equals("hidden"))
                            .findFirst())
                    .as("the summary opens the form")
                    .contains(summary);
        }
        assertThat(summary.attr("role")).isEqualTo("alert");
        assertThat(summary.attr("tabindex")).isEqualTo("-1");
        assertThat(summary.hasAttr("autofocus"))
                .as("the summary takes the focus")
                .isTrue();
        assertThat(summary.text()).doesNotContainPattern(NOT_WORDS);
        if (fieldId == null) {
            assertThat(summary.select("li")).isNotEmpty();
            return;
        }
        assertThat(summary.selectFirst("a[href=#" + fieldId + "]"))
                .as("a link to " + fieldId + " in " + summary)
                .isNotNull();
        Element field = page.getElementById(fieldId);
        assertThat(field).as(fieldId).isNotNull();
        assertThat(field.attr("aria-invalid")).as(field.toString()).isEqualTo("true");
        assertThat(field.attr("aria-describedby").split(" "))
                .as(field.toString())
                .contains(fieldId + "-errors");
        Element message = page.getElementById(fieldId + "-errors");
        assertThat(message).as("the message beside " + fieldId).isNotNull();
        assertThat(message.text())
                .startsWith("Error: ")
                .hasSizeGreaterThan("Error: ".length() + 5)
                .doesNotContainPattern(NOT_WORDS);
    }

    /** What a field shows after its form came back: as typed, except secrets (never shown again). */
    private static void assertKept(Document page, String fieldId, Field field, String typed) {
        Element element = page.getElementById(fieldId);
        String shown = switch (element.tagName()) {
            case "textarea" -> element.wholeText();
            case "select" -> {
                Element selected = element.selectFirst("option[selected]");
                yield selected == null ? "" : selected.val();
            }
            default ->
                "radio".equals(element.attr("type"))
                        ? page.getElementsByAttributeValue("name", element.attr("name")).stream()
                                .filter(i -> i.hasAttr("checked"))
                                .map(Element::val)
                                .findFirst()
                                .orElse("")
                        : element.val();
        };
        String sent = URLDecoder.decode(URLEncoder.encode(typed, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        String expected = lines(sent.replace('\u0000', '\uFFFD'));
        if (element.tagName().equals("textarea") && expected.startsWith("\n")) {
            expected = expected.substring(1);
        }
        switch (field.kind()) {
            case SECRET ->
                assertThat(page.html())
                        .as("a secret is never shown again")
                        .doesNotContain(expected.isBlank() ? "\u0001" : expected);
            case CHOICE -> {
                boolean offered = element.tagName().equals("select")
                        ? element.select("option").stream()
                                .anyMatch(o -> o.val().equals(typed))
                        : page.getElementsByAttributeValue("name", element.attr("name")).stream()
                                .anyMatch(i -> i.val().equals(typed));
                if (offered) {
                    assertThat(shown).as(fieldId).isEqualTo(typed);
                }
            }
            case TEXT ->
                assertThat(lines(shown).codePoints().boxed().toList())
                        .as(fieldId)
                        .isEqualTo(expected.codePoints().boxed().toList());
        }
    }

    /** Line breaks as an HTML page gives them back: CR LF and CR are LF. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private Form form(String name) {
        return FORMS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private ConsoleClient client(Form form) {
        return fixture().clients().get(form.role());
    }

    /** The ids one case uses: a fresh pending approval where the form decides one. */
    private Ids ids(Form form) {
        Fixture f = fixture();
        String approval = form.path().contains("{approval}") || form.valid().containsValue("{approval}")
                ? pendingApproval(f)
                : "";
        return new Ids(Map.of(
                "{approval}",
                approval,
                "{tool}",
                "notify_crm",
                "{member}",
                f.mia(),
                "{unique}",
                String.valueOf(UNIQUE.incrementAndGet())));
    }

    private record Ids(Map<String, String> values) {

        String apply(String text) {
            String result = text;
            for (var e : values.entrySet()) {
                result = result.replace(e.getKey(), e.getValue());
            }
            return result;
        }

        Map<String, String> values(Map<String, String> template) {
            var filled = new LinkedHashMap<String, String>();
            template.forEach((k, v) -> filled.put(k, apply(v)));
            return filled;
        }
    }

    private static Map<String, String> values(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private String pendingApproval(Fixture f) {
        var proposed = proposeLead(f.agent(), "ana ruiz", "ana@example.com");
        String approval = acceptedApproval(proposed);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        return approval;
    }

    private static String approvalAction(Fixture f, String approval) {
        return f.tenant()
                .owner()
                .get("/api/v1/approvals/" + approval)
                .body()
                .path("action")
                .path("id")
                .asString();
    }
}
