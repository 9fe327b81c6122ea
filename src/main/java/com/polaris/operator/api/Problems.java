package com.polaris.operator.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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
        ProblemDetail detail = of(problem.status(), problem.slug(), problem.title(), problem.getMessage());
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

    public static ProblemDetail invalid(String detail, List<ApiProblem.FieldProblem> errors) {
        return of(ApiProblem.invalid(detail, errors));
    }
}
