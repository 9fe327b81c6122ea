package com.polaris.operator.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The operator over HTTP: its model (owners, admins) and the preparation of a conversation. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Operator", description = "A model that turns a conversation into at most one proposal.")
@RequiredArgsConstructor
class OperatorController {

    private static final String MODEL_EXAMPLE = """
            {"configured": true, "baseUrl": "https://api.openai.com/v1", "model": "gpt-4.1-mini", "apiKeySecret": "openai_key",
             "timeoutSeconds": 30, "autoPrepare": false}""";

    private final OperatorModels models;
    private final Operator operator;

    /** The answer of a preparation that did not fail: proposed (201), no_action or missing_information (200). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PrepareAnswer(
            String outcome,
            @Nullable ActionView action,
            @Nullable List<String> missing,
            @Nullable String message) {}

    /** A preparation whose model answer could not be used, answered as a 502 problem. */
    static final class ModelFailed extends RuntimeException {

        private final transient Operator.Preparation.ModelError error;

        ModelFailed(Operator.Preparation.ModelError error) {
            super(error.detail());
            this.error = error;
        }
    }

    @PutMapping("/operator/model")
    @Operation(summary = "Point the operator at a model (owners, admins)", description = """
                    {"baseUrl", "model", "apiKeySecret", "timeoutSeconds", "autoPrepare"}: any OpenAI-compatible \
                    chat-completions endpoint (OpenAI, a local Ollama or vLLM); the operator posts to \
                    {baseUrl}/chat/completions with Authorization: Bearer and the value of the secret named \
                    apiKeySecret (which must exist). Calls go through the same outgoing HTTP machinery as \
                    webhooks: baseUrl must be https, or plain http only to an address inside \
                    POLARIS_WEBHOOKS_ALLOWED_PRIVATE_CIDRS (a model server on the local network); every address \
                    is checked by the SSRF guard, POLARIS_WEBHOOKS_TRUSTED_CERTS is trusted, and the answer is \
                    capped. timeoutSeconds: 1 to 300 (default 30). autoPrepare (default false): each new \
                    customer message prepares its conversation in the background, a few seconds after the \
                    last one (one preparation per conversation at a time; web widget conversations at most \
                    once a minute). 422 names every invalid field. Audited with the secret's name, never its \
                    value.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
            {"baseUrl": "https://api.openai.com/v1", "model": "gpt-4.1-mini", "apiKeySecret": "openai_key",
             "timeoutSeconds": 30, "autoPrepare": false}""", response = MODEL_EXAMPLE)
    OperatorModels.Settings putModel(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return OperatorModels.Settings.of(models.put(caller, body));
    }

    @GetMapping("/operator/model")
    @Operation(summary = "The operator's model (owners, admins)", description = """
                    The workspace's model as saved, with "configured": true: the secret's name, never its \
                    value. While none is set: {"configured": false, "baseUrl": null, "model": null, \
                    "apiKeySecret": null, "timeoutSeconds": 30, "autoPrepare": false}.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = MODEL_EXAMPLE)
    OperatorModels.Settings getModel(@AuthenticationPrincipal Caller caller) {
        return models.get(caller);
    }

    @PostMapping("/conversations/{conversationId}/prepare")
    @Operation(summary = "Prepare an action from a conversation", description = """
                    Members (not viewers) and integration keys. The operator asks the workspace's model to \
                    choose at most one of the enabled, published tools and its arguments (function calling), \
                    from the tool catalog and the conversation's latest 30 messages only: customer text is \
                    passed as data, never as instructions. A valid tool call is proposed through the normal \
                    path (policy, approvals, usage, audit): 201 {"outcome": "proposed", "action"}, where \
                    action.requestedBy is {"type": "operator", "onBehalfOf": the caller}; the caller counts as \
                    the requester (may not decide it) and the model's rationale is the reason. By default an \
                    operator-prepared action waits for a person even when the tool needs no approval, and no \
                    standing approval applies (policy preparedByOperator: "review"; "policy" decides it like \
                    any proposal). Otherwise 200 {"outcome": "no_action" | "missing_information", "missing": \
                    [argument names], "message"}: the model asks for what is missing through its \
                    ask_for_missing_information function, or calls a tool without required arguments. A \
                    timeout, an HTTP error, a refusal, an unknown tool, malformed or invalid arguments, or a \
                    malformed or oversized answer is 502 model-error with "outcome": "model_error" and \
                    "problem" naming it; nothing is proposed. At the usage limit, 429 before the model is \
                    called; no model configured, 503. Prompt and completion tokens count in GET \
                    /api/v1/usage.""")
    @ApiResponse(
            responseCode = "201",
            description = "The proposed action, with its decision (by default it waits for a person).")
    @ApiResponse(
            responseCode = "200",
            description = "no_action or missing_information: nothing was proposed; message says why.")
    @ProblemAnswers({
        ProblemType.FORBIDDEN,
        ProblemType.NOT_FOUND,
        ProblemType.USAGE_LIMIT_REACHED,
        ProblemType.MODEL_ERROR,
        ProblemType.OPERATOR_NOT_CONFIGURED
    })
    @ApiExamples(response = """
            {"outcome": "proposed", "action": {"id": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "tool": "create_lead",
             "status": "pending_approval", "arguments": {"name": "Ana Ruiz", "email": "ana@example.com"},
             "conversation": {"id": "conv_81", "channel": "whatsapp", "excerpt": "I'm Ana, ana@example.com, send me a quote"},
             "reason": "The customer asked for a quote and gave her name and email.", "test": false,
             "requestedBy": {"type": "operator", "id": "operator", "name": "Operator",
                             "onBehalfOf": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"}},
             "decision": {"approval": "required", "execution": "immediate", "notBefore": null,
                          "reasons": ["The tool's policy needs no approval", "Prepared by the operator from a conversation: a person reviews it (preparedByOperator: review)", "Runs immediately"]},
             "approval": {"id": "apr_01jdq8x3n0p1q2r3s4t5v6w7x8", "status": "pending"},
             "result": null, "error": null, "attempts": 0,
             "createdAt": "2026-12-03T10:15:30Z", "updatedAt": "2026-12-03T10:15:30Z"}}""")
    ResponseEntity<PrepareAnswer> prepare(@AuthenticationPrincipal Caller caller, @PathVariable String conversationId) {
        return switch (operator.prepare(caller, conversationId)) {
            case Operator.Preparation.Proposed proposed ->
                ResponseEntity.status(HttpStatus.CREATED)
                        .body(new PrepareAnswer(proposed.outcome(), proposed.action(), null, null));
            case Operator.Preparation.Answered answered ->
                ResponseEntity.ok(new PrepareAnswer(answered.outcome(), null, answered.missing(), answered.message()));
            case Operator.Preparation.ModelError error -> throw new ModelFailed(error);
        };
    }

    @ExceptionHandler(ModelFailed.class)
    ResponseEntity<ProblemDetail> modelFailed(ModelFailed failed) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_GATEWAY, "model-error", "Model error", failed.getMessage());
        problem.setProperty("outcome", "model_error");
        problem.setProperty("problem", failed.error.problem());
        if (!failed.error.errors().isEmpty()) {
            problem.setProperty("errors", failed.error.errors());
        }
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(Operator.NotConfigured.class)
    ResponseEntity<ProblemDetail> notConfigured(Operator.NotConfigured missing) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "operator-not-configured",
                        "Operator not configured",
                        missing.getMessage()));
    }
}
