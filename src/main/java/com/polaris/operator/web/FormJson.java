package com.polaris.operator.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON typed into a form field (a body template, test arguments, the Policy JSON). */
final class FormJson {

    private FormJson() {}

    /**
     * {@code text} read as JSON; null, with the field's error, when it is not JSON or holds text
     * that cannot be stored. The error says where, not what the parser says.
     */
    static @Nullable JsonNode read(JsonMapper json, String text, String param, String notJson, FormErrors errors) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            var at = e.getLocation();
            errors.addSentence(
                    param,
                    notJson
                            + (at == null || at.getLineNr() < 1
                                    ? ""
                                    : " (see line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        }
        if (node == null || node.isMissingNode()) {
            errors.add(param, "is required");
            return null;
        }
        if (!FormErrors.storable(node)) {
            errors.add(param, FormErrors.UNSTORABLE);
            return null;
        }
        return node;
    }

    /**
     * The body of a run of a tool with the arguments typed into the form, {@code {"arguments": …}}
     * (left empty: no arguments); null when the form already has errors, or with the error beside
     * the field when the arguments are not JSON.
     */
    static @Nullable ObjectNode argumentsBody(JsonMapper json, String arguments, FormErrors errors) {
        if (!errors.isEmpty()) {
            return null;
        }
        JsonNode parsed = read(
                json, arguments.isBlank() ? "{}" : arguments, "arguments", "The arguments are not valid JSON", errors);
        if (parsed == null) {
            return null;
        }
        var body = json.createObjectNode();
        body.set("arguments", parsed);
        return body;
    }
}
