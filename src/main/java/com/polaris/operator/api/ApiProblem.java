package com.polaris.operator.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal that reaches the caller as an RFC 9457 problem. {@code slug} names the problem type
 * (the {@code type} member ends with it); {@code errors} lists field-level validation failures.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiProblem(HttpStatus status, String slug, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " does not exist.");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, slug, "Conflict", detail);
    }

    public static ApiProblem invalid(String detail, List<FieldProblem> errors) {
        return new ApiProblem(
                HttpStatus.UNPROCESSABLE_CONTENT, "validation-failed", "Validation failed", detail, errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid("The request is not valid.", List.of(new FieldProblem(field, message)));
    }

    public HttpStatus status() {
        return status;
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
