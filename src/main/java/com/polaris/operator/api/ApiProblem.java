package com.polaris.operator.api;

import java.util.List;

/**
 * A refusal, in the domain's terms: what kind of refusal it is ({@link Kind}), {@code slug} naming
 * the problem type (an RFC 9457 {@code type} ends with it), a title, a sentence for the person, and
 * field-level {@code errors}. Services throw it; only the edge — {@link ProblemAdvice}, controllers
 * and console pages — decides the HTTP status it answers with ({@link Problems#status}).
 */
public class ApiProblem extends RuntimeException {

    /** Why something was refused. */
    public enum Kind {
        /** The request is not readable as such: a bad parameter, cursor, header or media type. */
        MALFORMED,
        /** Nobody is signed in, or the credentials are unknown, revoked or expired. */
        UNAUTHENTICATED,
        /** The caller may not do this. */
        NOT_ALLOWED,
        /** What the request names does not exist (for the caller). */
        NOT_FOUND,
        /** What the request names is not in a state that allows it. */
        CONFLICT,
        /** The request is readable but breaks a rule of its content. */
        INVALID,
        /** The request came too often, or a limit is reached. */
        TOO_MANY,
        /** The body is in a format the endpoint does not take. */
        UNSUPPORTED_FORMAT
    }

    private final Kind kind;
    private final String slug;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiProblem(Kind kind, String slug, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(Kind kind, String slug, String title, String detail) {
        this(kind, slug, title, detail, List.of());
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(Kind.NOT_FOUND, "not-found", "Not found", what + " does not exist.");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(Kind.NOT_ALLOWED, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(Kind.CONFLICT, slug, "Conflict", detail);
    }

    public static ApiProblem invalid(String detail, List<FieldProblem> errors) {
        return new ApiProblem(Kind.INVALID, "validation-failed", "Validation failed", detail, errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid("The request is not valid.", List.of(new FieldProblem(field, message)));
    }

    /** An Idempotency-Key sent again with a different body: {@code idempotency-key-reused}. */
    public static ApiProblem idempotencyKeyReused() {
        return new ApiProblem(
                Kind.INVALID,
                "idempotency-key-reused",
                "Idempotency key reused",
                "This Idempotency-Key was used with a different request body.");
    }

    /** An Idempotency-Key whose first request has not finished: {@code idempotency-key-in-flight}. */
    public static ApiProblem idempotencyKeyInFlight() {
        return new ApiProblem(
                Kind.CONFLICT,
                "idempotency-key-in-flight",
                "Request in flight",
                "A request with this Idempotency-Key is still being processed; try again shortly.");
    }

    /** A request parameter that cannot be read: {@code bad-parameter}. */
    public static ApiProblem badParameter(String detail) {
        return new ApiProblem(Kind.MALFORMED, "bad-parameter", "Bad parameter", detail);
    }

    /** A cursor no list handed out: {@code bad-cursor}. */
    public static ApiProblem badCursor() {
        return new ApiProblem(Kind.MALFORMED, "bad-cursor", "Bad cursor", "The cursor is not valid.");
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** One invalid field: a dotted path from the request body's root, and what is wrong with it. */
    public record FieldProblem(String field, String message) {}
}
