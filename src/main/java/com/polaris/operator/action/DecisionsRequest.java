package com.polaris.operator.action;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/approvals/decisions} as read, with what could not be read in
 * {@code unreadable} (an unknown field, a value of the wrong type), so that {@link ApprovalDecisions}
 * reports it together with every other problem of the request.
 */
record DecisionsRequest(
        @Nullable List<@Nullable String> ids,
        @Nullable String decision,
        @Nullable String comment,
        @Nullable String reason,
        List<FieldProblem> unreadable) {

    private static final Set<String> FIELDS = Set.of("ids", "decision", "comment", "reason");

    static DecisionsRequest read(@Nullable JsonNode body) {
        var unreadable = new ArrayList<FieldProblem>();
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new DecisionsRequest(null, null, null, null, unreadable);
        }
        if (!body.isObject()) {
            unreadable.add(new FieldProblem("", "the request body must be a JSON object"));
            return new DecisionsRequest(null, null, null, null, unreadable);
        }
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                unreadable.add(new FieldProblem(name, "is not a known field"));
            }
        });
        return new DecisionsRequest(
                ids(body.get("ids"), unreadable),
                text(body, "decision", unreadable),
                text(body, "comment", unreadable),
                text(body, "reason", unreadable),
                unreadable);
    }

    private static @Nullable List<@Nullable String> ids(@Nullable JsonNode ids, List<FieldProblem> unreadable) {
        if (ids == null || ids.isNull()) {
            return null;
        }
        if (!ids.isArray()) {
            unreadable.add(new FieldProblem("ids", "must be a list of approval ids"));
            return null;
        }
        var read = new ArrayList<@Nullable String>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (id.isString() || id.isNull()) {
                read.add(id.isNull() ? null : id.asString());
            } else {
                unreadable.add(new FieldProblem("ids[" + i + "]", "must be a string"));
                read.add(id.toString());
            }
        }
        return read;
    }

    private static @Nullable String text(JsonNode body, String field, List<FieldProblem> unreadable) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            unreadable.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        return value.asString();
    }
}
