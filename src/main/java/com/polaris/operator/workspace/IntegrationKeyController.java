package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Integration keys for chatbots and agents: shown once, when made; listed with hints; revoked at once. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identities")
@RequiredArgsConstructor
class IntegrationKeyController {

    private final AccessTokens tokens;
    private final Clock clock;

    record KeyRequest(
            @Nullable String name,

            @Schema(format = "date-time", description = IdentityFields.EXPIRES_AT) @Nullable
            String expiresAt) {}

    record KeyAnswer(
            String id, String name, String key, @Nullable Instant expiresAt) {}

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
        IdentityFields.required(errors, "name", request.name());
        Instant expiresAt = IdentityFields.expiresAt(errors, request.expiresAt(), clock.instant());
        IdentityFields.fail(errors);
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
}
