package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Workspaces, made by the hosting platform with its own token. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identities")
@RequiredArgsConstructor
class WorkspaceController {

    private final Workspaces workspaces;

    @Value("${polaris.platform-token}")
    private final String platformToken;

    record WorkspaceRequest(
            @Nullable String name,
            @Nullable String ownerEmail,
            @Nullable String ownerPassword,
            @Nullable String timezone) {}

    record WorkspaceAnswer(String id, String name, String ownerToken) {}

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
        IdentityFields.required(errors, "name", request.name());
        IdentityFields.email(errors, "ownerEmail", request.ownerEmail());
        IdentityFields.password(errors, "ownerPassword", request.ownerPassword());
        String timezone = request.timezone() == null ? "UTC" : request.timezone();
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            errors.add(new ApiProblem.FieldProblem("timezone", "is not a known time zone"));
        }
        IdentityFields.fail(errors);
        var created = workspaces.createWorkspace(
                request.name().trim(),
                request.ownerEmail(),
                request.ownerPassword(),
                timezone,
                new Actor("platform", null, "Hosting platform"));
        return new WorkspaceAnswer(created.id(), created.name(), created.ownerToken());
    }
}
