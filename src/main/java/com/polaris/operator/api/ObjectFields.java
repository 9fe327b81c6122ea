package com.polaris.operator.api;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The fields a JSON object body of {@code thing} ("a chat webhook") may have, in the order its
 * refusals list them: a body that is not an object, or a field it does not know, is refused
 * naming every field it may have, so the caller can correct the request from the answer alone.
 */
public record ObjectFields(String thing, List<String> names) {

    public ObjectFields(String thing, String... names) {
        this(thing, List.of(names));
    }

    /**
     * A problem for each field of {@code body} that is not among {@link #names}, in a list the
     * caller may add its own problems to. A body that is not a JSON object is refused at once (422).
     */
    public List<FieldProblem> unknownIn(JsonNode body) {
        if (!body.isObject()) {
            throw ApiProblem.invalid(
                    "",
                    "must be an object with " + String.join(", ", names.subList(0, names.size() - 1)) + " and "
                            + names.getLast());
        }
        var errors = new ArrayList<FieldProblem>();
        for (String name : body.propertyNames()) {
            if (!names.contains(name)) {
                errors.add(new FieldProblem(name, "is not " + thing + " field (" + String.join(", ", names) + ")"));
            }
        }
        return errors;
    }
}
