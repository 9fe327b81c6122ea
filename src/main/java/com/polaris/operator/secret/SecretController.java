package com.polaris.operator.secret;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The secrets API: write-only values, names and dates to read. Integration keys get nothing here. */
@RestController
@RequestMapping("/api/v1/secrets")
@Tag(name = "Secrets", description = "Write-only values that custom actions use as {{secret:<name>}}.")
@RequiredArgsConstructor
class SecretController {

    private final Secrets secrets;

    record SecretValue(@Nullable String value) {}

    @PutMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a secret (owners, admins)", description = """
                    {"value": "…"}: creates or replaces the secret. The value is encrypted at rest and never \
                    returned, logged or audited (the audit records the name only). An invalid name or a \
                    missing value is 422.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
            {"value": "sk_live_9aB3cD5eF7gH"}""")
    void put(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable SecretValue body) {
        secrets.put(caller, name, body == null ? null : body.value());
    }

    @GetMapping
    @Operation(
            summary = "List secrets (members)",
            description = "Names and dates only (created, updated, last used); never a value.")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"name": "crm_token", "createdAt": "2026-11-02T09:00:00Z",
                        "updatedAt": "2026-11-20T16:02:11Z", "lastUsedAt": "2026-11-23T10:20:00Z"}],
             "nextCursor": null}""")
    Page<SecretInfo> list(@AuthenticationPrincipal Caller caller) {
        caller.requireMember();
        return new Page<>(secrets.list(caller.workspaceId()), null);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a secret (owners, admins)", description = """
                    Deletes the secret and its value; audited as secret.deleted with its name only. An \
                    unknown name is 404.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        secrets.delete(caller, name);
    }
}
