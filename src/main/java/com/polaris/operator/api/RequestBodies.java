package com.polaris.operator.api;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** JSON request bodies that endpoints read field by field rather than bind to a type. */
public final class RequestBodies {

    private RequestBodies() {}

    /**
     * A problem for each field of {@code body} that is not among {@code known}, in a list the caller
     * may add its own problems to. A body that is not a JSON object is refused at once (422).
     */
    public static List<FieldProblem> unknownFields(@Nullable JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("", "the request body must be a JSON object");
        }
        List<FieldProblem> errors = new ArrayList<>();
        body.propertyNames().forEach(name -> {
            if (!known.contains(name)) {
                errors.add(new FieldProblem(name, "is not a known field"));
            }
        });
        return errors;
    }

    /**
     * Adds to {@code errors} a problem for each field of the object {@code node}, found at {@code path},
     * that is not among {@code known}, naming it {@code path.field}.
     */
    public static void unknownFields(String path, JsonNode node, Set<String> known, List<FieldProblem> errors) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                errors.add(new FieldProblem(path + "." + name, "is not a known field"));
            }
        }
    }
}
