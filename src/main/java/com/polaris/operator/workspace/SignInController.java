package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.NoBearerToken;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in for a personal access token, and the caller's own tokens: shown once, when made;
 * lists show their hints and expiry, and revoking one keeps it listed. Failed token requests are
 * throttled per client (429 with {@code Retry-After}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identities", description = "Signing in, personal access tokens, members, integration keys, workspaces.")
@RequiredArgsConstructor
class SignInController {

    private final AccessTokens tokens;
    private final SignIns signIns;
    private final ClientAddresses clientAddresses;
    private final Clock clock;

    record TokenRequest(
            @Nullable String email,
            @Nullable String password,
            @Nullable String name,

            @Schema(
                    description = "The workspace to sign in to; needed when the email and password open several "
                            + "(else 409 workspace-required listing them)")
            @Nullable
            String workspaceId,

            @Schema(format = "date-time", description = IdentityFields.EXPIRES_AT) @Nullable
            String expiresAt) {}

    record TokenAnswer(
            String id,
            String workspaceId,
            String name,
            String token,
            @Nullable Instant expiresAt) {}

    /** A workspace the credentials of a {@code workspace-required} answer sign in to. */
    record WorkspaceChoice(String id, String name) {}

    @PostMapping("/auth/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Sign in: a member's email and password for a personal access token", description = """
            Failed attempts are limited per client address and per account at that address: past the limit, \
            429 too-many-sign-ins with Retry-After (seconds), whether or not the email belongs to anybody. \
            Credentials that open several workspaces need workspaceId (409 workspace-required lists them). \
            Wrong credentials are 401 bad-credentials, the same whether or not the email exists. The token \
            is shown only in this answer; it acts as the member until it expires or is revoked.""")
    @NoBearerToken
    @ProblemAnswers({ProblemType.BAD_CREDENTIALS, ProblemType.WORKSPACE_REQUIRED, ProblemType.TOO_MANY_SIGN_INS})
    @ApiExamples(request = """
                    {"email": "marta@acme.test", "password": "correct horse battery", "name": "Laptop",
                     "workspaceId": "ws_01jdq8x3m5a2b7c9d4e6f8g0h1", "expiresAt": "2027-03-31T23:59:59Z"}""", response = """
                    {"id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "workspaceId": "ws_01jdq8x3m5a2b7c9d4e6f8g0h1",
                     "name": "Laptop", "token": "pol_pat_3q9Zx2mKf7Lw0RtY8bVn4cHs6DjE1aPu",
                     "expiresAt": "2027-03-31T23:59:59Z"}""")
    TokenAnswer token(@RequestBody TokenRequest request, HttpServletRequest http) {
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        if (request.email() == null || request.email().isBlank()) {
            errors.add(new ApiProblem.FieldProblem("email", "is required"));
        } else if (request.email().length() > 320) {
            errors.add(new ApiProblem.FieldProblem("email", "must be at most 320 characters"));
        }
        IdentityFields.required(errors, "password", request.password());
        if (request.workspaceId() != null) {
            IdentityFields.required(errors, "workspaceId", request.workspaceId());
        }
        Instant expiresAt = IdentityFields.expiresAt(errors, request.expiresAt(), clock.instant());
        IdentityFields.fail(errors);
        String name = request.name() == null || request.name().isBlank() ? "Personal access token" : request.name();
        var issued = signIns.signIn(
                request.email(), request.password(), request.workspaceId(), name, expiresAt, clientAddresses.of(http));
        return new TokenAnswer(issued.id(), issued.workspaceId(), issued.name(), issued.token(), issued.expiresAt());
    }

    /** 429 with {@code Retry-After}, in seconds. */
    @ExceptionHandler(SignIns.TooManySignIns.class)
    ResponseEntity<ProblemDetail> tooManySignIns(SignIns.TooManySignIns problem) {
        return Problems.retryAfter(problem, problem.retryAfter());
    }

    /** 409 listing the workspaces the credentials sign in to, and no other. */
    @ExceptionHandler(SignIns.WorkspaceRequired.class)
    ResponseEntity<ProblemDetail> workspaceRequired(SignIns.WorkspaceRequired problem) {
        ProblemDetail detail = Problems.of(problem);
        detail.setProperty(
                "workspaces",
                problem.workspaces().stream()
                        .map(m -> new WorkspaceChoice(m.member().workspaceId(), m.workspaceName()))
                        .toList());
        return ResponseEntity.status(Problems.status(problem))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }

    @GetMapping("/auth/tokens")
    @Operation(summary = "The caller's personal access tokens (members)", description = """
                    The calling member's own tokens, revoked ones included, newest first: name, a hint of \
                    the token (never the token), when it was made, used last, expires and was revoked.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Laptop", "hint": "pol_pat_3q…Pu",
                      "createdAt": "2026-11-02T09:00:00Z", "expiresAt": null,
                      "lastUsedAt": "2026-11-23T10:15:30Z", "revokedAt": null}], "nextCursor": null}""")
    Page<TokenInfo> tokens(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return tokens.personalTokens(caller, page);
    }

    @DeleteMapping("/auth/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of the caller's personal access tokens (members)", description = """
                    The token is refused at once on the node that revoked it and moments later on the others; \
                    it stays listed with revokedAt. Another \
                    member's token, or an unknown id, is 404.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void revokeToken(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        tokens.revokePersonalToken(caller, id);
    }
}
