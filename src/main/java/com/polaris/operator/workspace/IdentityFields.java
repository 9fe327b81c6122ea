package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks of the identity requests' fields, each adding what is wrong to a list that {@link #fail} then refuses. */
final class IdentityFields {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int MIN_PASSWORD = 10;

    /** The furthest ahead a token or key may expire. */
    static final int MAX_LIFETIME_YEARS = 10;

    static final String EXPIRES_AT = "When it stops working (401, reason expired): in the future, at most "
            + MAX_LIFETIME_YEARS + " years ahead; absent or null: never";

    private IdentityFields() {}

    /**
     * An optional {@code expiresAt}: an ISO-8601 date-time with an offset, after now and at most
     * {@link #MAX_LIFETIME_YEARS} years ahead; kept to the microsecond, as the database does.
     */
    static @Nullable Instant expiresAt(List<ApiProblem.FieldProblem> errors, @Nullable String value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value.trim()).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(new ApiProblem.FieldProblem(
                    "expiresAt", "must be a date and time with its offset, such as 2027-01-31T18:00:00Z"));
            return null;
        }
        if (!at.isAfter(now)) {
            errors.add(new ApiProblem.FieldProblem("expiresAt", "must be in the future"));
        } else if (at.isAfter(
                now.atOffset(ZoneOffset.UTC).plusYears(MAX_LIFETIME_YEARS).toInstant())) {
            errors.add(new ApiProblem.FieldProblem(
                    "expiresAt", "must be at most " + MAX_LIFETIME_YEARS + " years from now"));
        }
        return at;
    }

    static void required(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new ApiProblem.FieldProblem(field, "is required"));
        } else if (value.length() > 200) {
            errors.add(new ApiProblem.FieldProblem(field, "must be at most 200 characters"));
        }
    }

    static void email(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null
                || value.length() > 320
                || !EMAIL.matcher(value.trim()).matches()) {
            errors.add(new ApiProblem.FieldProblem(field, "must be an email address"));
        }
    }

    static void password(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.length() < MIN_PASSWORD || value.getBytes(StandardCharsets.UTF_8).length > 72) {
            errors.add(new ApiProblem.FieldProblem(
                    field, "must be at least " + MIN_PASSWORD + " characters and at most 72 bytes (UTF-8)"));
        }
    }

    static void fail(List<ApiProblem.FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The request is not valid.", errors);
        }
    }
}
