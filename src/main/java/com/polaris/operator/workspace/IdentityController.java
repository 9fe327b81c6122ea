package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.NoBearerToken;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens, members, integration keys and (for the hosting platform) workspaces. Tokens and keys are
 * shown once, when they are made; lists show their hints and expiry, and revoking one keeps it
 * listed. Failed token requests are throttled per client (429 with {@code Retry-After}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identities", description = "Signing in, personal access tokens, members, integration keys, workspaces.")
class IdentityController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int MIN_PASSWORD = 10;

    /** The furthest ahead a token or key may expire. */
    static final int MAX_LIFETIME_YEARS = 10;

    private static final String EXPIRES_AT = "When it stops working (401, reason expired): in the future, at most "
            + MAX_LIFETIME_YEARS + " years ahead; absent or null: never";

    private final Workspaces workspaces;
    private final Members members;
    private final AccessTokens tokens;
    private final SignIns signIns;
    private final ClientAddresses clientAddresses;
    private final Clock clock;
    private final String platformToken;

    IdentityController(
            Workspaces workspaces,
            Members members,
            AccessTokens tokens,
            SignIns signIns,
            ClientAddresses clientAddresses,
            Clock clock,
            @Value("${polaris.platform-token}") String platformToken) {
        this.workspaces = workspaces;
        this.members = members;
        this.tokens = tokens;
        this.signIns = signIns;
        this.clientAddresses = clientAddresses;
        this.clock = clock;
        this.platformToken = platformToken;
    }

    record TokenRequest(
            @Nullable String email,
            @Nullable String password,
            @Nullable String name,

            @Schema(
                    description = "The workspace to sign in to; needed when the email and password open several "
                            + "(else 409 workspace-required listing them)")
            @Nullable
            String workspaceId,

            @Schema(format = "date-time", description = EXPIRES_AT) @Nullable
            String expiresAt) {}

    record TokenAnswer(
            String id,
            String workspaceId,
            String name,
            String token,
            @Nullable Instant expiresAt) {}

    /** A workspace the credentials of a {@code workspace-required} answer sign in to. */
    record WorkspaceChoice(String id, String name) {}

    record MemberRequest(
            @Nullable String email,
            @Nullable String name,
            @Nullable String role,
            @Nullable String password) {}

    record MemberAnswer(String id, String email, String name, Role role, Instant createdAt) {
        static MemberAnswer of(Member m) {
            return new MemberAnswer(m.id(), m.email(), m.name(), m.role(), m.createdAt());
        }
    }

    record RoleRequest(@Nullable String role) {}

    record KeyRequest(
            @Nullable String name,

            @Schema(format = "date-time", description = EXPIRES_AT) @Nullable
            String expiresAt) {}

    record KeyAnswer(
            String id, String name, String key, @Nullable Instant expiresAt) {}

    record WorkspaceRequest(
            @Nullable String name,
            @Nullable String ownerEmail,
            @Nullable String ownerPassword,
            @Nullable String timezone) {}

    record WorkspaceAnswer(String id, String name, String ownerToken) {}

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
        required(errors, "password", request.password());
        if (request.workspaceId() != null) {
            required(errors, "workspaceId", request.workspaceId());
        }
        Instant expiresAt = expiresAt(errors, request.expiresAt());
        fail(errors);
        String name = request.name() == null || request.name().isBlank() ? "Personal access token" : request.name();
        var issued = signIns.signIn(
                request.email(), request.password(), request.workspaceId(), name, expiresAt, clientAddresses.of(http));
        return new TokenAnswer(issued.id(), issued.workspaceId(), issued.name(), issued.token(), issued.expiresAt());
    }

    /** 429 with {@code Retry-After}, in seconds. */
    @ExceptionHandler(SignIns.TooManySignIns.class)
    ResponseEntity<ProblemDetail> tooManySignIns(SignIns.TooManySignIns problem) {
        return ResponseEntity.status(Problems.status(problem))
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(problem.retryAfter().toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(problem));
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

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a member (owners, admins)", description = """
                    {"email", "name", "role" (owner, admin, reviewer or viewer), "password" (10 characters to \
                    72 bytes)}: the member signs in with that password in this workspace. The answer never \
                    carries the password. The same email twice in one workspace is 409 member-exists; the \
                    same person may be a member of other workspaces.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.MEMBER_EXISTS})
    @ApiExamples(request = """
                    {"email": "marta@acme.test", "name": "Marta Gil", "role": "reviewer",
                     "password": "a long enough password"}""", response = """
                    {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "reviewer", "createdAt": "2026-11-02T09:00:00Z"}""")
    MemberAnswer createMember(@AuthenticationPrincipal Caller caller, @RequestBody MemberRequest request) {
        caller.requireConfigurer();
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        email(errors, "email", request.email());
        required(errors, "name", request.name());
        password(errors, "password", request.password());
        if (request.role() == null || Role.parse(request.role()).isEmpty()) {
            errors.add(new ApiProblem.FieldProblem("role", "must be one of owner, admin, reviewer, viewer"));
        }
        fail(errors);
        return MemberAnswer.of(members.createMember(
                caller, request.email(), request.name().trim(), Role.fromWire(request.role()), request.password()));
    }

    @GetMapping("/members")
    @Operation(
            summary = "List members (owners, admins)",
            description = "The workspace's members: id, email, name, role and when they were added.")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "reviewer", "createdAt": "2026-11-02T09:00:00Z"}], "nextCursor": null}""")
    Page<MemberAnswer> members(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return members.members(caller, page).map(MemberAnswer::of);
    }

    @PatchMapping("/members/{id}")
    @Operation(summary = "Change a member's role (owners, admins)", description = """
                    {"role": "owner" | "admin" | "reviewer" | "viewer"}; answers the member. Only an owner \
                    makes an owner or changes one (403); the workspace's last owner cannot be demoted (409 \
                    last-owner).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.LAST_OWNER})
    @ApiExamples(request = """
                    {"role": "admin"}""", response = """
                    {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "admin", "createdAt": "2026-11-02T09:00:00Z"}""")
    MemberAnswer changeRole(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestBody RoleRequest request) {
        caller.requireConfigurer();
        Role role = Role.parse(request.role() == null ? "" : request.role())
                .orElseThrow(() -> ApiProblem.invalid("role", "must be one of owner, admin, reviewer, viewer"));
        return MemberAnswer.of(members.changeRole(caller, id, role));
    }

    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (owners, admins)", description = """
                    The member can no longer sign in here and their tokens stop working; what they did stays \
                    in the audit log. The workspace's last owner cannot be removed (409 last-owner).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.LAST_OWNER})
    void removeMember(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        members.removeMember(caller, id);
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an integration key (owners, admins)", description = """
                    {"name", "expiresAt" (optional)}: a key for a chatbot or agent, shown only in this answer. \
                    Integration keys list tools, propose and read actions; they never decide approvals, \
                    change policies or read secrets.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"name": "Website bot", "expiresAt": "2027-03-31T23:59:59Z"}""", response = """
                    {"id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot",
                     "key": "pol_key_8sT2vXq5Lm0Nc7Rw3Yb9Kd4Hf6Gj1ZpA", "expiresAt": "2027-03-31T23:59:59Z"}""")
    KeyAnswer createKey(@AuthenticationPrincipal Caller caller, @RequestBody KeyRequest request) {
        caller.requireConfigurer();
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        required(errors, "name", request.name());
        Instant expiresAt = expiresAt(errors, request.expiresAt());
        fail(errors);
        var issued = tokens.createIntegrationKey(caller, request.name().trim(), expiresAt);
        return new KeyAnswer(issued.id(), issued.name(), issued.token(), issued.expiresAt());
    }

    @GetMapping("/api-keys")
    @Operation(summary = "List integration keys (owners, admins)", description = """
                    The workspace's integration keys, revoked ones included, newest first, each with a hint \
                    (never the key), when it was made, used last, expires and was revoked.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot", "hint": "pol_key_8s…Pu",
                      "createdAt": "2026-11-02T09:00:00Z", "expiresAt": null,
                      "lastUsedAt": "2026-11-23T10:15:30Z", "revokedAt": null}], "nextCursor": null}""")
    Page<TokenInfo> keys(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return tokens.integrationKeys(caller, page);
    }

    @DeleteMapping("/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Revoke an integration key (owners, admins)",
            description = "The key is refused at once on the node that revoked it and moments later on the others; it"
                    + " stays listed with revokedAt.")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void revokeKey(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        tokens.revokeIntegrationKey(caller, id);
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a workspace (the hosting platform)",
            description = """
                    Only for whoever holds POLARIS_PLATFORM_TOKEN, sent as the bearer token (401 otherwise); \
                    without that setting the endpoint answers 404. {"name", "ownerEmail", "ownerPassword", \
                    "timezone" (IANA, default UTC)} → the workspace and a personal access token of its \
                    owner, shown only here.""",
            security = @SecurityRequirement(name = "platform"))
    @ProblemAnswers({ProblemType.PLATFORM_TOKEN_REQUIRED, ProblemType.NOT_FOUND})
    @ApiExamples(request = """
                    {"name": "Acme Sales", "ownerEmail": "owner@acme.test", "ownerPassword": "correct horse battery",
                     "timezone": "Europe/Madrid"}""", response = """
                    {"id": "ws_01jdq8x3m5a2b7c9d4e6f8g0h1", "name": "Acme Sales",
                     "ownerToken": "pol_pat_Vb7Xq2Mn5Kc9Lw3Rt8Yd0Hf4Gj6ZsPe"}""")
    WorkspaceAnswer createWorkspace(
            @RequestHeader(value = "Authorization", required = false) @Nullable String authorization,
            @RequestBody WorkspaceRequest request) {
        if (platformToken.isBlank()) {
            throw ApiProblem.notFound("This endpoint");
        }
        if (!BearerTokens.constantTimeEquals(BearerTokens.presented(authorization), platformToken)) {
            throw new ApiProblem(
                    ApiProblem.Kind.UNAUTHENTICATED, "unauthorized", "Unauthorized", "The platform token is required.");
        }
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        required(errors, "name", request.name());
        email(errors, "ownerEmail", request.ownerEmail());
        password(errors, "ownerPassword", request.ownerPassword());
        String timezone = request.timezone() == null ? "UTC" : request.timezone();
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            errors.add(new ApiProblem.FieldProblem("timezone", "is not a known time zone"));
        }
        fail(errors);
        var created = workspaces.createWorkspace(
                request.name().trim(),
                request.ownerEmail(),
                request.ownerPassword(),
                timezone,
                new Actor("platform", null, "Hosting platform"));
        return new WorkspaceAnswer(created.id(), created.name(), created.ownerToken());
    }

    /**
     * An optional {@code expiresAt}: an ISO-8601 date-time with an offset, after now and at most
     * {@link #MAX_LIFETIME_YEARS} years ahead; kept to the microsecond, as the database does.
     */
    private @Nullable Instant expiresAt(List<ApiProblem.FieldProblem> errors, @Nullable String value) {
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
        Instant now = clock.instant();
        if (!at.isAfter(now)) {
            errors.add(new ApiProblem.FieldProblem("expiresAt", "must be in the future"));
        } else if (at.isAfter(
                now.atOffset(ZoneOffset.UTC).plusYears(MAX_LIFETIME_YEARS).toInstant())) {
            errors.add(new ApiProblem.FieldProblem(
                    "expiresAt", "must be at most " + MAX_LIFETIME_YEARS + " years from now"));
        }
        return at;
    }

    private static void required(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new ApiProblem.FieldProblem(field, "is required"));
        } else if (value.length() > 200) {
            errors.add(new ApiProblem.FieldProblem(field, "must be at most 200 characters"));
        }
    }

    private static void email(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null
                || value.length() > 320
                || !EMAIL.matcher(value.trim()).matches()) {
            errors.add(new ApiProblem.FieldProblem(field, "must be an email address"));
        }
    }

    private static void password(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.length() < MIN_PASSWORD || value.getBytes(StandardCharsets.UTF_8).length > 72) {
            errors.add(new ApiProblem.FieldProblem(
                    field, "must be at least " + MIN_PASSWORD + " characters and at most 72 bytes (UTF-8)"));
        }
    }

    private static void fail(List<ApiProblem.FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The request is not valid.", errors);
        }
    }
}
