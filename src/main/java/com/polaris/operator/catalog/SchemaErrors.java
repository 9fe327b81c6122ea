package com.polaris.operator.catalog;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import com.polaris.operator.api.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Puts a JSON Schema validator's errors about a proposal's arguments in words: one problem per broken
 * rule, in schema order, each under {@code arguments.<path>}; the alternatives of an {@code anyOf}
 * together as one problem ("either email or phone is required").
 */
final class SchemaErrors {

    static final String ROOT = "arguments";
    private static final String EMPTY = "must not be empty";
    private static final String BLANK = "must not be blank";

    private SchemaErrors() {}

    /** The problems {@code errors} describe, as {@link Catalog#validate} answers them. */
    static List<ApiProblem.FieldProblem> problems(List<Error> errors) {
        var entries = new LinkedHashMap<String, List<Error>>();
        for (Error error : errors) {
            String anyOf = anyOfPrefix(error.getEvaluationPath());
            entries.computeIfAbsent(anyOf == null ? "#" + entries.size() : anyOf, k -> new ArrayList<>())
                    .add(error);
        }
        var problems = new LinkedHashSet<ApiProblem.FieldProblem>();
        entries.forEach((key, group) -> problems.add(key.startsWith("#") ? problem(group.getFirst()) : anyOf(group)));
        return withoutRedundantBlank(problems);
    }

    /** The evaluation path up to and including its first {@code anyOf}, or null outside any. */
    private static @Nullable String anyOfPrefix(NodePath evaluationPath) {
        var prefix = new StringBuilder();
        for (int i = 0; i < evaluationPath.getNameCount(); i++) {
            String name = String.valueOf(evaluationPath.getElement(i));
            prefix.append('/').append(name);
            if ("anyOf".equals(name)) {
                return prefix.toString();
            }
        }
        return null;
    }

    private static int anyOfBranch(NodePath evaluationPath) {
        for (int i = 0; i < evaluationPath.getNameCount() - 1; i++) {
            if ("anyOf".equals(String.valueOf(evaluationPath.getElement(i)))) {
                return Integer.parseInt(String.valueOf(evaluationPath.getElement(i + 1)));
            }
        }
        return 0;
    }

    private static ApiProblem.FieldProblem anyOf(List<Error> errors) {
        Error shallowest = errors.stream()
                .min(Comparator.comparingInt(e -> e.getInstanceLocation().getNameCount()))
                .orElseThrow();
        String field = path(shallowest.getInstanceLocation());
        var branches = new TreeMap<Integer, List<Error>>();
        errors.forEach(e -> branches.computeIfAbsent(anyOfBranch(e.getEvaluationPath()), b -> new ArrayList<>())
                .add(e));
        if (errors.stream().allMatch(e -> "required".equals(e.getKeyword()))) {
            String names = branches.values().stream()
                    .map(branch -> branch.stream().map(Error::getProperty).collect(Collectors.joining(" and ")))
                    .collect(Collectors.joining(" or "));
            return new ApiProblem.FieldProblem(field, "either " + names + " is required");
        }
        List<String> wanted = branches.values().stream()
                .map(branch -> branch.stream()
                        .map(e -> problem(e).message())
                        .distinct()
                        .collect(Collectors.joining(" and ")))
                .toList();
        if (wanted.stream().allMatch(w -> w.startsWith("must be "))) {
            return new ApiProblem.FieldProblem(
                    field,
                    "must be "
                            + wanted.stream()
                                    .map(w -> w.substring("must be ".length()))
                                    .collect(Collectors.joining(" or ")));
        }
        return new ApiProblem.FieldProblem(field, String.join(", or ", wanted));
    }

    /** An empty string breaks both {@code minLength: 1} and the not-blank pattern; saying so once is enough. */
    private static List<ApiProblem.FieldProblem> withoutRedundantBlank(Set<ApiProblem.FieldProblem> problems) {
        if (problems.isEmpty()) {
            return List.of();
        }
        return problems.stream()
                .filter(p -> !(BLANK.equals(p.message())
                        && problems.contains(new ApiProblem.FieldProblem(p.field(), EMPTY))))
                .toList();
    }

    private static ApiProblem.FieldProblem problem(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String field = path(error.getInstanceLocation());
        JsonNode schemaNode = error.getSchemaNode();
        return switch (keyword) {
            case "required" -> new ApiProblem.FieldProblem(join(field, error.getProperty()), "is required");
            case "additionalProperties" ->
                new ApiProblem.FieldProblem(join(field, error.getProperty()), "is not an allowed field");
            case "type" -> new ApiProblem.FieldProblem(field, "must be " + article(schemaNode));
            case "format" -> new ApiProblem.FieldProblem(field, formatMessage(schemaNode));
            case "enum" -> new ApiProblem.FieldProblem(field, "must be one of " + values(schemaNode));
            case "minLength" ->
                new ApiProblem.FieldProblem(
                        field,
                        schemaNode.asInt() <= 1 ? EMPTY : "must be at least " + schemaNode.asInt() + " characters");
            case "maxLength" ->
                new ApiProblem.FieldProblem(field, "must be at most " + schemaNode.asInt() + " characters");
            case "minItems" ->
                new ApiProblem.FieldProblem(
                        field,
                        "must have at least " + schemaNode.asInt() + (schemaNode.asInt() == 1 ? " item" : " items"));
            case "maxItems" -> new ApiProblem.FieldProblem(field, "must have at most " + schemaNode.asInt() + " items");
            case "uniqueItems" -> new ApiProblem.FieldProblem(field, "must not repeat an item");
            case "pattern" ->
                new ApiProblem.FieldProblem(
                        field, "\\S".equals(schemaNode.asString()) ? BLANK : "has characters that are not allowed");
            case "not" -> new ApiProblem.FieldProblem(field, notMessage(schemaNode));
            default -> new ApiProblem.FieldProblem(field, error.getMessage());
        };
    }

    /** A {@code not} of {@code required} fields (fields that exclude each other) in words; else a plain refusal. */
    private static String notMessage(JsonNode not) {
        JsonNode required = not.path("required");
        if (not.size() == 1 && required.isArray() && required.size() > 1) {
            List<String> names = required.valueStream().map(JsonNode::asString).toList();
            return "must not have both " + String.join(" and ", names) + " (give only one)";
        }
        return "must not match the schema's excluded shape";
    }

    private static String formatMessage(JsonNode format) {
        return switch (format.asString()) {
            case "date-time" ->
                "must be a date-time with an offset, e.g. 2026-11-23T10:15:30Z, between the years 1900 and 9999";
            case "date" -> "must be a date written YYYY-MM-DD, between the years 1900 and 9999";
            default -> "must be " + formatNoun(format.asString());
        };
    }

    private static String formatNoun(String format) {
        return switch (format) {
            case "email" -> "an email address";
            case "date-time" -> "a date-time";
            case "date" -> "a date";
            case "uri" -> "a URI";
            default -> "a valid " + format;
        };
    }

    private static String article(JsonNode type) {
        String name = type.isArray()
                ? StreamSupport.stream(type.spliterator(), false)
                        .map(JsonNode::asString)
                        .collect(Collectors.joining(" or "))
                : type.asString();
        return switch (name) {
            case "object", "array", "integer" -> "an " + name;
            default -> "a " + name;
        };
    }

    private static String values(JsonNode values) {
        return StreamSupport.stream(values.spliterator(), false)
                .map(JsonNode::asString)
                .collect(Collectors.joining(", "));
    }

    private static String path(NodePath location) {
        var path = new StringBuilder(ROOT);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        return path.toString();
    }

    private static String join(String field, @Nullable String property) {
        return property == null ? field : field + "." + property;
    }
}
