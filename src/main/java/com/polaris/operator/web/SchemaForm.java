package com.polaris.operator.web;

import java.util.ArrayList;
import java.util.HashSet;
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
    /** The most digits a number field takes on either side of the point: more is a typing slip, not an amount. */
    private static final int MAX_DIGITS = 15;

    private static final JsonMapper JSON = JsonMapper.shared();

    private SchemaForm() {}

    /** One field of the form; {@code kind} is text, email, number, select, checkbox, lines or json. */
    record Field(
            String name,
            String param,
            String label,
            String kind,
            boolean required,
            String value,
            List<String> options,
            @Nullable String hint) {

        public String inputId() {
            return inputId(name);
        }

        static String inputId(String name) {
            return "field-" + name;
        }
    }

    /** The fields of the form, with the values of {@code values} (arguments as proposed or as edited). */
    static List<Field> fields(JsonNode schema, JsonNode values) {
        return fields(schema, (name, kind) -> shown(kind, values.get(name)));
    }

    /** The fields of the form, with what was typed in them, even where it could not be read. */
    static List<Field> fieldsAsTyped(JsonNode schema, Map<String, String> params) {
        return fields(
                schema,
                (name, kind) -> "checkbox".equals(kind)
                        ? (params.containsKey(PREFIX + name) ? "true" : "")
                        : params.getOrDefault(PREFIX + name, ""));
    }

    private static List<Field> fields(JsonNode schema, java.util.function.BiFunction<String, String, String> value) {
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
            fields.add(new Field(
                    name,
                    PREFIX + name,
                    label(name),
                    kind,
                    required.contains(name),
                    value.apply(name, kind),
                    options,
                    spec.hasNonNull("description") ? spec.get("description").asString() : null));
        }
        return fields;
    }

    /** The form's fields as {@link FormErrors} knows them: parameter, element id and label. */
    static List<FormErrors.Field> formFields(JsonNode schema) {
        var fields = new ArrayList<FormErrors.Field>();
        for (String name : schema.path("properties").propertyNames()) {
            fields.add(new FormErrors.Field(PREFIX + name, Field.inputId(name), label(name)));
        }
        return fields;
    }

    /**
     * The parameter of the form field a service's field problem is about ({@code arguments.email} or
     * {@code arguments.tags[2]} → {@code arg.email} or {@code arg.tags}), or null when it is about the
     * arguments as a whole.
     */
    static @Nullable String param(String field) {
        if (!field.startsWith("arguments.")) {
            return null;
        }
        String rest = field.substring("arguments.".length());
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '.' || rest.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return PREFIX + rest.substring(0, end);
    }

    /**
     * The arguments the submitted form describes. Empty optional fields are left out; a value of
     * the wrong shape (a number that is not one, a list that is not valid JSON) is reported under
     * its field rather than guessed.
     */
    static ObjectNode read(JsonNode schema, Map<String, String> params, FormErrors errors) {
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
                    boolean integer =
                            "integer".equals(property.getValue().path("type").asString());
                    try {
                        var number = new java.math.BigDecimal(raw.trim());
                        if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
                            errors.add(
                                    PREFIX + name,
                                    "must have at most " + MAX_DIGITS + " digits before and after the point");
                            continue;
                        }
                        if (integer) {
                            arguments.put(name, number.toBigIntegerExact());
                        } else {
                            arguments.put(name, number);
                        }
                    } catch (NumberFormatException | ArithmeticException e) {
                        errors.add(
                                PREFIX + name,
                                integer ? "must be a whole number, such as 3" : "must be a number, such as 2.5");
                    }
                }
                case "lines" -> {
                    var items = arguments.putArray(name);
                    raw.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(items::add);
                }
                case "json" -> {
                    try {
                        JsonNode value = JSON.readTree(raw);
                        if (!FormErrors.storable(value)) {
                            errors.add(PREFIX + name, FormErrors.UNSTORABLE);
                        }
                        arguments.set(name, value);
                    } catch (RuntimeException e) {
                        errors.add(PREFIX + name, "is not valid JSON");
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
            case "lines" ->
                String.join("\n", value.valueStream().map(JsonNode::asString).toList());
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
}
