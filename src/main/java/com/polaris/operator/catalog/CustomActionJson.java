package com.polaris.operator.catalog;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a custom action's definition from an API request body. What cannot be read (a missing
 * field, a value of the wrong type) is a problem of its own, and the definition holds a placeholder
 * there that {@link CustomActions} does not check again, so one answer lists every problem.
 */
final class CustomActionJson {

    private static final Set<String> FIELDS = Set.of("name", "title", "description", "base", "inputSchema", "config");
    static final String UNCHANGEABLE = "cannot be changed; make a new custom action instead";

    private CustomActionJson() {}

    /** A definition as read; {@code unreadable} names fields of the definition, {@code unknown} fields it has not. */
    record Read(CustomActionDefinition definition, List<FieldProblem> unknown, List<FieldProblem> unreadable) {

        static Read of(CustomActionDefinition definition) {
            return new Read(definition, List.of(), List.of());
        }

        boolean readable(String field) {
            return unreadable.stream().noneMatch(p -> p.field().equals(field));
        }
    }

    /** A new custom action: every field but {@code description} is required. */
    static Read forCreate(@Nullable JsonNode body) {
        return read(body, CustomActionJson::text);
    }

    /** A new version of a custom action: its name and base may be repeated (or left out: empty), never changed. */
    static Read forUpdate(@Nullable JsonNode body) {
        return read(body, CustomActionJson::repeated);
    }

    /** How a text field is read: its value, or empty with its problem added to {@code unreadable}. */
    private interface TextField {
        String read(JsonNode body, String field, List<FieldProblem> unreadable);
    }

    /** The definition in {@code json}, its {@code name} and {@code base} read as {@code identity} says. */
    private static Read read(@Nullable JsonNode json, TextField identity) {
        JsonNode body = object(json);
        var unreadable = new ArrayList<FieldProblem>();
        String name = identity.read(body, "name", unreadable);
        String base = identity.read(body, "base", unreadable);
        var unknown = new ArrayList<FieldProblem>();
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                unknown.add(new FieldProblem(field, "is not an allowed field"));
            }
        }
        String title = text(body, "title", unreadable);
        JsonNode description = body.path("description");
        if (!description.isMissingNode() && !description.isString()) {
            unreadable.add(new FieldProblem("description", "must be a string"));
        }
        JsonNode schema = body.path("inputSchema");
        if (schema.isMissingNode() || schema.isNull()) {
            unreadable.add(new FieldProblem("inputSchema", "is required"));
        }
        return new Read(
                new CustomActionDefinition(
                        name,
                        title,
                        description.isString() ? description.asString() : "",
                        base,
                        schema,
                        body.path("config")),
                unknown,
                unreadable);
    }

    private static JsonNode object(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("The request body must be a JSON object.", List.of());
        }
        return body;
    }

    /** A required non-blank text, trimmed; empty, with its problem, when it is not one. */
    private static String text(JsonNode body, String field, List<FieldProblem> unreadable) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            unreadable.add(new FieldProblem(field, "is required"));
            return "";
        }
        if (!value.isString() || value.asString().isBlank()) {
            unreadable.add(new FieldProblem(field, "must be a non-blank string"));
            return "";
        }
        return value.asString().trim();
    }

    /** A field that may only repeat the current value: trimmed text, or empty when left out. */
    private static String repeated(JsonNode body, String field, List<FieldProblem> unreadable) {
        JsonNode value = body.path(field);
        if (value.isMissingNode()) {
            return "";
        }
        if (!value.isString() || value.asString().isBlank()) {
            unreadable.add(new FieldProblem(field, UNCHANGEABLE));
            return "";
        }
        return value.asString().trim();
    }
}
