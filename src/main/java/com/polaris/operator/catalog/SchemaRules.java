package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * What a custom action's input schema may be beyond being valid JSON Schema, so that checking a
 * proposal against it always ends, quickly, without leaving the process: a bounded size and depth;
 * {@code $ref} only to a place inside the same schema ({@code #/$defs/…}), never a remote, file or
 * URN reference, and never in a cycle (a reference back to itself or to a schema containing it),
 * since a cyclic schema can recurse without end; no {@code $id} (a schema's own identity would let
 * it resolve references against another document) and no dynamic references. Keywords are looked
 * for only where a schema stands, so a property that happens to be named {@code $ref} is just a
 * property.
 */
final class SchemaRules {

    static final int MAX_DEPTH = 32;
    static final int MAX_NODES = 5_000;
    static final int MAX_REFS = 200;
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** Keywords whose value is an object of named subschemas. */
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
    /** Keywords whose value is a subschema or a list of them. */
    private static final Set<String> SCHEMAS = Set.of(
            "items",
            "prefixItems",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "additionalProperties",
            "unevaluatedProperties",
            "unevaluatedItems",
            "contains",
            "propertyNames",
            "additionalItems",
            "contentSchema");

    private static final Set<String> UNSUPPORTED = Set.of("$id", "$dynamicRef", "$recursiveRef");

    private SchemaRules() {}

    /** Every problem of {@code schema}, each under its field path from {@code field}; empty when there is none. */
    static List<FieldProblem> problems(JsonNode schema, String field) {
        var problems = new ArrayList<FieldProblem>();
        int[] nodes = {0};
        if (depth(schema, 0, nodes) > MAX_DEPTH) {
            problems.add(new FieldProblem(field, "nests too deeply: at most " + MAX_DEPTH + " levels"));
        }
        if (nodes[0] > MAX_NODES) {
            problems.add(new FieldProblem(field, "is too large: at most " + MAX_NODES + " keywords and values"));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        var refs = new ArrayList<Ref>();
        walk(schema, schema, "", field, refs, problems);
        if (refs.size() > MAX_REFS) {
            problems.add(new FieldProblem(field, "has too many $ref: at most " + MAX_REFS));
        } else if (problems.isEmpty()) {
            cycle(refs)
                    .ifPresent(
                            ref -> problems.add(
                                    new FieldProblem(
                                            ref.field(),
                                            "makes a cycle: the schema it points to contains this reference, directly or through others")));
        }
        return problems;
    }

    /** A {@code $ref} found in the schema object at {@code location}, pointing at {@code target} (JSON pointers). */
    private record Ref(String location, String target, String field) {

        /** Whether {@code other} sits inside the schema this reference points to, so expanding this one reaches it. */
        boolean reaches(Ref other) {
            return target.isEmpty()
                    || other.location().equals(target)
                    || other.location().startsWith(target + "/");
        }
    }

    private static int depth(JsonNode node, int level, int[] nodes) {
        nodes[0]++;
        int deepest = level;
        if (nodes[0] > MAX_NODES || level > MAX_DEPTH) {
            return deepest;
        }
        for (JsonNode child : node.values()) {
            deepest = Math.max(deepest, depth(child, level + 1, nodes));
        }
        return deepest;
    }

    private static void walk(
            JsonNode root, JsonNode schema, String pointer, String field, List<Ref> refs, List<FieldProblem> problems) {
        if (!schema.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            String here = pointer + "/" + escape(keyword);
            String path = field + "." + keyword;
            if (UNSUPPORTED.contains(keyword)) {
                problems.add(new FieldProblem(
                        path,
                        keyword.equals("$id")
                                ? "is not supported: a custom action's schema stands alone (remove $id)"
                                : "is not supported; use $ref to a place inside the schema"));
            } else if (keyword.equals("$schema")) {
                if (!pointer.isEmpty()
                        || !value.isString()
                        || !(value.stringValue().equals(DIALECT)
                                || value.stringValue().equals(DIALECT + "#"))) {
                    problems.add(
                            new FieldProblem(path, "must be " + DIALECT + " at the top of the schema, or left out"));
                }
            } else if (keyword.equals("$ref")) {
                String target = value.isString() ? target(root, value.stringValue()) : null;
                if (target == null) {
                    problems.add(new FieldProblem(
                            path,
                            "must point to a place inside this schema, such as #/$defs/address "
                                    + "(remote, file and URN references are never fetched)"));
                } else {
                    refs.add(new Ref(pointer, target, path));
                }
            } else if (SCHEMA_MAPS.contains(keyword) && value.isObject()) {
                for (Map.Entry<String, JsonNode> named : value.properties()) {
                    walk(
                            root,
                            named.getValue(),
                            here + "/" + escape(named.getKey()),
                            path + "." + named.getKey(),
                            refs,
                            problems);
                }
            } else if (SCHEMAS.contains(keyword) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    walk(root, value.get(i), here + "/" + i, path + "[" + i + "]", refs, problems);
                }
            } else if (SCHEMAS.contains(keyword)) {
                walk(root, value, here, path, refs, problems);
            }
        }
    }

    /** The JSON pointer a local reference names, or null when it is not local or points at nothing. */
    private static @Nullable String target(JsonNode root, String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        String fragment;
        try {
            fragment = new URI("polaris:schema#" + ref.substring(1)).getFragment();
        } catch (URISyntaxException e) {
            return null;
        }
        if (fragment == null || !(fragment.isEmpty() || fragment.startsWith("/"))) {
            return null;
        }
        try {
            return root.at(JsonPointer.compile(fragment)).isMissingNode() ? null : fragment;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The first reference that can reach itself again, following the references inside what each points to. */
    private static Optional<Ref> cycle(List<Ref> refs) {
        int[] state = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            if (state[i] == 0 && cyclic(i, refs, state)) {
                return Optional.of(refs.get(i));
            }
        }
        return Optional.empty();
    }

    private static boolean cyclic(int i, List<Ref> refs, int[] state) {
        state[i] = 1;
        for (int j = 0; j < refs.size(); j++) {
            if (refs.get(i).reaches(refs.get(j)) && (state[j] == 1 || state[j] == 0 && cyclic(j, refs, state))) {
                return true;
            }
        }
        state[i] = 2;
        return false;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
