package com.polaris.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A custom action's input schema can never make checking a proposal loop, call out or blow up:
 * cyclic, remote and oversized schemas are refused when they are defined, and what is accepted works.
 */
class SchemaRulesTest {

    private static final JsonMapper JSON = JsonMapper.shared();
    private final Catalog catalog = new Catalog(JSON);

    private List<FieldProblem> problems(Object schema) {
        return catalog.schemaProblems(JSON.valueToTree(schema), "inputSchema");
    }

    /** {@code $defs} d0 … d(n-1), each with a property that refers to the next; the last refers to {@code last} (or nothing). */
    private static Map<String, Object> chain(int n, String last) {
        var defs = new LinkedHashMap<String, Object>();
        for (int i = 0; i < n; i++) {
            String next = i + 1 < n ? "#/$defs/d" + (i + 1) : last;
            defs.put(
                    "d" + i,
                    next == null
                            ? Map.of("type", "string")
                            : Map.of("type", "object", "properties", Map.of("next", Map.of("$ref", next))));
        }
        return Map.of("type", "object", "properties", Map.of("start", Map.of("$ref", "#/$defs/d0")), "$defs", defs);
    }

    @Property(tries = 200)
    void aChainOfReferencesWithoutACycleIsAcceptedAndWorks(@ForAll @IntRange(min = 1, max = 30) int length) {
        var schema = chain(length, null);
        assertThat(problems(schema)).isEmpty();
        var tool = new Tool("t", "T", "", ToolKind.EXTERNAL, JSON.valueToTree(schema));
        var valid = new LinkedHashMap<String, Object>();
        Map<String, Object> node = valid;
        for (int i = 0; i < length - 1; i++) {
            var next = new LinkedHashMap<String, Object>();
            node.put(i == 0 ? "start" : "next", next);
            node = next;
        }
        node.put(length == 1 ? "start" : "next", "end");
        assertThat(catalog.validate(tool, JSON.valueToTree(valid))).isEmpty();
        assertThat(catalog.validate(tool, JSON.valueToTree(Map.of("start", 42))))
                .isNotEmpty();
    }

    @Property(tries = 300)
    void aReferenceBackIntoTheChainIsACycle(
            @ForAll @IntRange(min = 1, max = 30) int length, @ForAll @IntRange(min = 0, max = 29) int back) {
        String target = back >= length ? "#" : "#/$defs/d" + back;
        var found = problems(chain(length, target));
        assertThat(found).isNotEmpty();
        assertThat(found).allSatisfy(p -> {
            assertThat(p.field()).startsWith("inputSchema.");
            assertThat(p.message()).contains("cycle");
        });
    }

    @Property(tries = 200)
    void aSchemaThatRefersToItselfOrAnEnclosingSchemaIsACycle(@ForAll("enclosing") String target) {
        var schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                        "a",
                        Map.of("type", "object", "properties", Map.of("b", Map.of("items", Map.of("$ref", target))))));
        assertThat(problems(schema))
                .extracting(FieldProblem::message)
                .anySatisfy(m -> assertThat(m).contains("cycle"));
    }

    @Provide
    Arbitrary<String> enclosing() {
        return Arbitraries.of(
                "#", "#/properties/a", "#/properties/a/properties/b", "#/properties/a/properties/b/items");
    }

    @Property(tries = 300)
    void aReferenceOutsideTheSchemaIsRefused(@ForAll("outside") String ref) {
        var schema = Map.of("type", "object", "properties", Map.of("customer", Map.of("$ref", ref)));
        assertThat(problems(schema))
                .containsExactly(
                        new FieldProblem(
                                "inputSchema.properties.customer.$ref",
                                "must point to a place inside this schema, such as #/$defs/address (remote, file and URN references are never fetched)"));
    }

    @Provide
    Arbitrary<String> outside() {
        Arbitrary<String> remote = Arbitraries.of("http://", "https://", "file://", "ftp://", "jar:file:", "//")
                .flatMap(scheme -> Arbitraries.of(
                                "example.com/s.json",
                                "169.254.169.254/latest",
                                "localhost:8080/x#",
                                "/etc/passwd",
                                "json-schema.org/draft/2020-12/schema")
                        .map(rest -> scheme + rest));
        return Arbitraries.oneOf(
                remote,
                Arbitraries.of(
                        "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
                        "urn:example:address",
                        "data:application/json,{}",
                        "address.json",
                        "../x.json",
                        "#address",
                        "#/$defs/missing",
                        "#/properties/nothing",
                        "#/$defs/",
                        "#%zz",
                        "#/ /a",
                        "tag:x,2026:y"));
    }

    @Property(tries = 100)
    void aPropertyNamedLikeAKeywordIsJustAProperty(@ForAll("keywordNames") String name) {
        var schema = Map.of(
                "type", "object", "properties", Map.of(name, Map.of("type", "string")), "required", List.of(name));
        assertThat(problems(schema)).isEmpty();
    }

    @Provide
    Arbitrary<String> keywordNames() {
        return Arbitraries.of("$ref", "$id", "$schema", "$dynamicRef", "$defs", "properties", "items");
    }

    @Property(tries = 100)
    void anIdOrADynamicReferenceAnywhereIsRefused(
            @ForAll("unsupported") String keyword, @ForAll @IntRange(min = 0, max = 5) int depth) {
        Map<String, Object> schema = new LinkedHashMap<>(Map.of("type", "object", keyword, "https://example.com/s"));
        String field = "inputSchema." + keyword;
        for (int i = 0; i < depth; i++) {
            schema = new LinkedHashMap<>(Map.of("type", "object", "properties", Map.of("p", schema)));
            field = field.replaceFirst("^inputSchema", "inputSchema.properties.p");
        }
        assertThat(problems(schema)).extracting(FieldProblem::field).containsExactly(field);
    }

    @Provide
    Arbitrary<String> unsupported() {
        return Arbitraries.of("$id", "$dynamicRef", "$recursiveRef");
    }

    @Property(tries = 50)
    void onlyTheDialectOfJsonSchema2020Is(@ForAll("dialects") String dialect) {
        var schema = Map.of("$schema", dialect, "type", "object");
        assertThat(problems(schema)).extracting(FieldProblem::field).containsExactly("inputSchema.$schema");
        assertThat(problems(Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object")))
                .isEmpty();
    }

    @Provide
    Arbitrary<String> dialects() {
        return Arbitraries.of(
                "http://json-schema.org/draft-04/schema#",
                "http://json-schema.org/draft-07/schema#",
                "https://json-schema.org/draft/2019-09/schema",
                "https://evil.example/meta",
                "file:///etc/passwd",
                "");
    }

    @Property(tries = 60)
    void nestingIsRefusedBeyondItsDepth(@ForAll @IntRange(min = 1, max = 60) int levels) {
        Map<String, Object> schema = Map.of("type", "string");
        for (int i = 0; i < levels; i++) {
            schema = Map.of("type", "object", "properties", Map.of("p", schema));
        }
        int depth = levels * 2 + 1;
        var found = problems(schema);
        if (depth > SchemaRules.MAX_DEPTH) {
            assertThat(found).containsExactly(new FieldProblem("inputSchema", "nests too deeply: at most 32 levels"));
        } else {
            assertThat(found).isEmpty();
        }
    }

    @Property(tries = 20)
    void aSchemaOfAbsurdSizeIsRefused(@ForAll @IntRange(min = 2_600, max = 20_000) int properties) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < properties; i++) {
            map.put("p" + i, Map.of("type", "string"));
        }
        assertThat(problems(Map.of("type", "object", "properties", map)))
                .containsExactly(new FieldProblem("inputSchema", "is too large: at most 5000 keywords and values"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"$ref\": \"#\"}",
                "{\"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, "
                        + "\"b\": {\"allOf\": [{\"$ref\": \"#/$defs/a\"}]}}}"
            })
    void aLoopingSchemaStoredBeforeTheseRulesFailsItsProposalsWithAConflict(String schema) {
        var tool = new Tool("legacy", "Legacy", "", ToolKind.EXTERNAL, JSON.readTree(schema));
        assertThat(problems(JSON.readTree(schema))).isNotEmpty();
        assertThatThrownBy(() -> catalog.validate(tool, JSON.valueToTree(Map.of("a", 1))))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(Problems.status(problem).value()).isEqualTo(409));
    }
}
