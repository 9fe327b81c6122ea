package com.polaris.operator.webhook;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.SigningSecrets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signing secret of a custom webhook action: shown again, or rotated (owners and admins). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tools")
@RequiredArgsConstructor
class SigningSecretController {

    private final Catalog tools;
    private final SigningSecrets signingSecrets;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    record SigningSecretAnswer(String signingSecret) {}

    @GetMapping("/tools/{name}/signing-secret")
    @Operation(summary = "A webhook action's signing secret (owners, admins)", description = """
                    The secret that signs the custom webhook action's deliveries (Standard Webhooks), for \
                    setting up the receiver. A tool that is not a custom webhook action is 404.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"signingSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""")
    SigningSecretAnswer signingSecret(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        return signingSecrets
                .current(caller.workspaceId(), tool.name())
                .map(SigningSecretAnswer::new)
                .orElseThrow(() -> ApiProblem.notFound("A signing secret of '" + name + "'"));
    }

    /**
     * Replaces the signing secret; the previous one keeps signing for 24 hours so receivers can
     * switch. The rotation is audited under the tool's settings subject ({@code policy:<name>}).
     */
    @PostMapping("/tools/{name}/signing-secret/rotate")
    @Operation(summary = "Rotate a webhook action's signing secret (owners, admins)", description = """
                    Replaces the signing secret and answers the new one; deliveries carry signatures of both \
                    for 24 hours so the receiver can switch. Audited. A tool that is not a custom webhook \
                    action is 404.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"signingSecret": "whsec_2pQ7nVb4Kx9Lr1Tz6Wc3Hd8Jf5Gm0SaE"}""")
    SigningSecretAnswer rotate(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        caller.requireConfigurer();
        Tool tool = find(caller, name);
        String rotated = tx.execute(status -> {
            String secret = signingSecrets
                    .rotate(caller.workspaceId(), tool.name())
                    .orElseThrow(() -> ApiProblem.notFound("A signing secret of '" + name + "'"));
            audit.append(
                    caller.workspaceId(),
                    AuditEventType.TOOL_SIGNING_SECRET_ROTATED,
                    caller.actor(),
                    "policy:" + tool.name(),
                    null,
                    Map.of("name", tool.name()));
            return secret;
        });
        return new SigningSecretAnswer(rotated);
    }

    private Tool find(Caller caller, String name) {
        return tools.find(caller.workspaceId(), name).orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
    }
}
