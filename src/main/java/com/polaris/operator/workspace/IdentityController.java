package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.audit.Actor;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokens, members, integration keys and (for the hosting platform) workspaces. Tokens and keys are
 * shown once, when they are made; lists show their hints, and revoking one keeps it listed.
 */
@RestController
@RequestMapping("/api/v1")
class IdentityController {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int MIN_PASSWORD = 10;

    private final Identities identities;
    private final String platformToken;

    IdentityController(Identities identities, @Value("${polaris.platform-token}") String platformToken) {
        this.identities = identities;
        this.platformToken = platformToken;
    }

    record TokenRequest(@Nullable String email, @Nullable String password, @Nullable String name) {}

    record TokenAnswer(String id, String name, String token) {}

    record MemberRequest(@Nullable String email, @Nullable String name, @Nullable String role, @Nullable String password) {}

    record MemberAnswer(String id, String email, String name, Role role, Instant createdAt) {
        static MemberAnswer of(Identities.Member m) {
            return new MemberAnswer(m.id(), m.email(), m.name(), m.role(), m.createdAt());
        }
    }

    record RoleRequest(@Nullable String role) {}

    record KeyRequest(@Nullable String name) {}

    record KeyAnswer(String id, String name, String key) {}

    record WorkspaceRequest(@Nullable String name, @Nullable String ownerEmail, @Nullable String ownerPassword,
            @Nullable String timezone) {}

    record WorkspaceAnswer(String id, String name, String ownerToken) {}

    @PostMapping("/auth/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    TokenAnswer token(@RequestBody TokenRequest request) {
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        required(errors, "email", request.email());
        required(errors, "password", request.password());
        fail(errors);
        String name = request.name() == null || request.name().isBlank() ? "Personal access token" : request.name();
        var issued = identities.signIn(request.email(), request.password(), name);
        return new TokenAnswer(issued.id(), issued.name(), issued.token());
    }

    @GetMapping("/auth/tokens")
    Page<Identities.TokenInfo> tokens(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(required = false) @Nullable Integer limit) {
        int size = Page.limit(limit);
        return Page.of(identities.personalTokens(caller, Page.after(cursor), size), size, Identities.TokenInfo::id,
                Function.identity());
    }

    @DeleteMapping("/auth/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        identities.revokePersonalToken(caller, id);
    }

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
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
        return MemberAnswer.of(identities.createMember(caller, request.email(), request.name().trim(),
                Role.fromWire(request.role()), request.password()));
    }

    @GetMapping("/members")
    Page<MemberAnswer> members(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        int size = Page.limit(limit);
        return Page.of(identities.members(caller, Page.after(cursor), size), size, Identities.Member::id, MemberAnswer::of);
    }

    @PatchMapping("/members/{id}")
    MemberAnswer changeRole(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody RoleRequest request) {
        caller.requireConfigurer();
        Role role = Role.parse(request.role() == null ? "" : request.role())
                .orElseThrow(() -> ApiProblem.invalid("role", "must be one of owner, admin, reviewer, viewer"));
        return MemberAnswer.of(identities.changeRole(caller, id, role));
    }

    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        identities.removeMember(caller, id);
    }

    @PostMapping("/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    KeyAnswer createKey(@AuthenticationPrincipal Caller caller, @RequestBody KeyRequest request) {
        caller.requireConfigurer();
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        required(errors, "name", request.name());
        fail(errors);
        var issued = identities.createIntegrationKey(caller, request.name().trim());
        return new KeyAnswer(issued.id(), issued.name(), issued.token());
    }

    @GetMapping("/api-keys")
    Page<Identities.TokenInfo> keys(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(required = false) @Nullable Integer limit) {
        int size = Page.limit(limit);
        return Page.of(identities.integrationKeys(caller, Page.after(cursor), size), size, Identities.TokenInfo::id,
                Function.identity());
    }

    @DeleteMapping("/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeKey(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        identities.revokeIntegrationKey(caller, id);
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    WorkspaceAnswer createWorkspace(@RequestHeader(value = "Authorization", required = false) @Nullable String authorization,
            @RequestBody WorkspaceRequest request) {
        if (platformToken.isBlank()) {
            throw ApiProblem.notFound("This endpoint");
        }
        if (!BearerTokens.constantTimeEquals(BearerTokens.presented(authorization), platformToken)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "The platform token is required.");
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
        var created = identities.createWorkspace(request.name().trim(), request.ownerEmail(), request.ownerPassword(),
                timezone, new Actor("platform", null, "Hosting platform"));
        return new WorkspaceAnswer(created.id(), created.name(), created.ownerToken());
    }

    private static void required(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new ApiProblem.FieldProblem(field, "is required"));
        } else if (value.length() > 200) {
            errors.add(new ApiProblem.FieldProblem(field, "must be at most 200 characters"));
        }
    }

    private static void email(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.length() > 320 || !EMAIL.matcher(value.trim()).matches()) {
            errors.add(new ApiProblem.FieldProblem(field, "must be an email address"));
        }
    }

    private static void password(List<ApiProblem.FieldProblem> errors, String field, @Nullable String value) {
        if (value == null || value.length() < MIN_PASSWORD
                || value.getBytes(StandardCharsets.UTF_8).length > 72) {
            errors.add(new ApiProblem.FieldProblem(field,
                    "must be at least " + MIN_PASSWORD + " characters and at most 72 bytes (UTF-8)"));
        }
    }

    private static void fail(List<ApiProblem.FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The request is not valid.", errors);
        }
    }
}
