package com.polaris.operator.web;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
}
