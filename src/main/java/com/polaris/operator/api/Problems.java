package com.polaris.operator.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the problem documents every error answer under {@code /api/**} carries. */
public final class Problems {

    public static final String TYPE_BASE = "https://polaris-operator.dev/problems/";

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail of(ApiProblem problem) {
        ProblemDetail detail = of(status(problem), problem.slug(), problem.title(), problem.getMessage());
        if (!problem.errors().isEmpty()) {
            detail.setProperty("errors", problem.errors());
        }
        return detail;
    }

    /**
     * A problem named after its status ({@code bad-request}, {@code method-not-allowed} …), for
     * failures that have no more specific type: those the servlet container and Spring MVC raise.
     */
    public static ProblemDetail ofStatus(HttpStatusCode status, String detail) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String slug =
                known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String title = known == null ? "Error" : known.getReasonPhrase();
        return of(status, slug, title, detail);
    }

    /** The HTTP status a refusal answers with: the one place where a kind of refusal becomes a status code. */
    public static HttpStatus status(ApiProblem problem) {
        return switch (problem.kind()) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
        };
    }

    /** The answer to a refusal the caller may try again after {@code retryAfter}, said in seconds in {@code Retry-After}. */
    public static ResponseEntity<ProblemDetail> retryAfter(ApiProblem problem, Duration retryAfter) {
        return ResponseEntity.status(status(problem))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(of(problem));
    }

    public static ProblemDetail invalid(String detail, List<ApiProblem.FieldProblem> errors) {
        return of(ApiProblem.invalid(detail, errors));
    }
}
