package com.polaris.operator.tool;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The arguments of a run, read field by field. They were checked against the tool's schema when
 * the action was proposed (and again when a reviewer edited them), so a missing or mistyped field
 * here means the schema and the executor disagree: the run fails permanently rather than guessing.
 */
record Arguments(JsonNode node) {

    /** A string field, trimmed; null when absent, null or blank. */
    @Nullable
    String text(String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Invalid(field + " must be a string");
        }
        String text = value.asString().trim();
        return text.isEmpty() ? null : text;
    }

    String required(String field) {
        String text = text(field);
        if (text == null) {
            throw new Invalid(field + " is required");
        }
        return text;
    }

    /** A number field, exactly as sent; the schema requires it. */
    BigDecimal number(String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw new Invalid(field + " must be a number");
        }
        return value.decimalValue();
    }

    /** A calendar date ({@code 2026-12-31}); null when absent. */
    @Nullable
    LocalDate date(String field) {
        String text = text(field);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new Invalid(field + " must be a date, e.g. 2026-12-31");
        }
    }

    /** The required {@code status} field, one of the statuses {@code parse} knows ("a lead status"). */
    <S> S status(Function<String, Optional<S>> parse, String kind) {
        String wanted = required("status");
        return parse.apply(wanted).orElseThrow(() -> new Invalid("status " + wanted + " is not " + kind));
    }

    /** The email and the phone of a person: either may be missing, not both. */
    Contact contact() {
        Contact contact = new Contact(text("email"), text("phone"));
        if (contact.email() == null && contact.phone() == null) {
            throw new Invalid("either email or phone is required");
        }
        return contact;
    }

    record Contact(@Nullable String email, @Nullable String phone) {}

    List<String> strings(String field) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw new Invalid(field + " must be an array of strings");
        }
        var strings = new ArrayList<String>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().isBlank()) {
                throw new Invalid(field + " must hold non-blank strings only");
            }
            strings.add(item.asString().trim());
        }
        return strings;
    }

    /** Arguments this executor cannot work with. */
    static final class Invalid extends RuntimeException {

        Invalid(String message) {
            super(message);
        }
    }
}
