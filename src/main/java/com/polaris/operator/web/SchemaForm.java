package com.polaris.operator.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A form generated from a tool's input schema, so a reviewer edits arguments in labelled fields
 * rather than JSON: a text, email or number box per property, a list for an enum, a checkbox for a
 * boolean, one line per item for a list of strings. Field names carry the {@value #PREFIX} prefix so
 * they never collide with the form's own fields.
 */
final class SchemaForm {

    static final String PREFIX = "arg.";

    private static final JsonMapper JSON = JsonMapper.shared();

    private SchemaForm() {}

    /** One field of the form; {@code kind} is text, email, number, select, checkbox, lines or json. */
    record Field(String name, String param, String label, String kind, boolean required, String value,
            List<String> options, @Nullable String hint, @Nullable String error) {

        public String inputId() {
            return "field-" + name;
        }
    }

    static List<Field> fields(JsonNode schema, JsonNode values, Map<String, String> errors) {
        Set<String> required = new HashSet<>();
        schema.path("required").valueStream().map(JsonNode::asString).forEach(required::add);
        var fields = new ArrayList<Field>();
        for (var property : schema.path("properties").properties()) {
            String name = property.getKey();
            JsonNode spec = property.getValue();
            String kind = kind(spec);
            List<String> options = spec.has("enum")
                    ? spec.get("enum").valueStream().map(JsonNode::asString).toList()
                    : List.of();
            fields.add(new Field(name, PREFIX + name, label(name), kind, required.contains(name),
                    shown(kind, values.get(name)), options,
                    spec.hasNonNull("description") ? spec.get("description").asString() : null, errors.get(name)));
        }
        return fields;
    }

    /**
     * The arguments the submitted form describes. Empty optional fields are left out; a value of
     * the wrong shape (a number that is not one, a list that is not valid JSON) is reported under
     * its field name rather than guessed.
     */
    static ObjectNode read(JsonNode schema, Map<String, String> params, Map<String, String> errors) {
        ObjectNode arguments = JSON.createObjectNode();
        for (var property : schema.path("properties").properties()) {
            String name = property.getKey();
            String kind = kind(property.getValue());
            String raw = params.get(PREFIX + name);
            if ("checkbox".equals(kind)) {
                if (raw != null) {
                    arguments.put(name, true);
                }
                continue;
            }
            if (raw == null || raw.isBlank()) {
                continue;
            }
            switch (kind) {
                case "number" -> {
                    try {
                        if ("integer".equals(property.getValue().path("type").asString())) {
                            arguments.put(name, Long.parseLong(raw.trim()));
                        } else {
                            arguments.put(name, new java.math.BigDecimal(raw.trim()));
                        }
                    } catch (NumberFormatException e) {
                        errors.put(name, "must be a number");
                    }
                }
                case "lines" -> {
                    var items = arguments.putArray(name);
                    raw.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(items::add);
                }
                case "json" -> {
                    try {
                        arguments.set(name, JSON.readTree(raw));
                    } catch (RuntimeException e) {
                        errors.put(name, "must be valid JSON");
                    }
                }
                default -> arguments.put(name, raw.trim());
            }
        }
        return arguments;
    }

    /** A field whose value an edit changed. */
    record Change(String field, String from, String to) {}

    /** The fields whose value differs between two argument objects, in schema order then any others. */
    static List<Change> diff(JsonNode schema, JsonNode before, JsonNode after) {
        var names = new java.util.LinkedHashSet<String>();
        schema.path("properties").propertyNames().forEach(names::add);
        before.propertyNames().forEach(names::add);
        after.propertyNames().forEach(names::add);
        var changes = new ArrayList<Change>();
        for (String name : names) {
            JsonNode from = before.get(name);
            JsonNode to = after.get(name);
            if (from == null ? to != null : !from.equals(to)) {
                changes.add(new Change(name, ActionWords.value(from), ActionWords.value(to)));
            }
        }
        return changes;
    }

    private static String kind(JsonNode spec) {
        if (spec.has("enum")) {
            return "select";
        }
        String type = spec.path("type").asString();
        return switch (type) {
            case "integer", "number" -> "number";
            case "boolean" -> "checkbox";
            case "array" -> "string".equals(spec.path("items").path("type").asString()) ? "lines" : "json";
            case "object" -> "json";
            default -> "email".equals(spec.path("format").asString()) ? "email" : "text";
        };
    }

    private static String shown(String kind, @Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return switch (kind) {
            case "lines" -> String.join("\n", value.valueStream().map(JsonNode::asString).toList());
            case "json" -> value.toString();
            case "checkbox" -> value.asBoolean() ? "true" : "";
            default -> value.asString();
        };
    }

    private static String label(String name) {
        var words = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                words.append(' ').append(Character.toLowerCase(c));
            } else {
                words.append(c);
            }
        }
        String text = words.toString().replace('_', ' ');
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    static Map<String, String> errorsByField(List<com.polaris.operator.api.ApiProblem.FieldProblem> problems) {
        var errors = new LinkedHashMap<String, String>();
        for (var problem : problems) {
            String field = problem.field().startsWith("arguments.") ? problem.field().substring(10) : problem.field();
            errors.merge(field.isEmpty() || field.equals("arguments") ? "_form" : field, problem.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }
}
