package com.polaris.operator.api;

import java.util.List;
import java.util.Map;

/**
 * The problem documents the API answers, as the OpenAPI document lists them: each type's status,
 * {@code type} slug (after {@link Problems#TYPE_BASE}), title and what it means. An operation names
 * the ones it answers with {@link ProblemAnswers}; {@link OperationDocs} adds the ones every
 * operation of its kind has (401 for a bearer-token operation, 400/413/415/422 for a JSON body, 400
 * for a paged list) and turns them into responses with the problem schema and an example of each.
 */
public enum ProblemType {
    MALFORMED_JSON(
            400, "malformed-json", "Malformed JSON", "The body is not JSON in UTF-8, or it names a field twice."),
    UNREADABLE_BODY(400, "unreadable-body", "Unreadable body", "The request body is missing or cannot be read."),
    BAD_REQUEST(400, "bad-request", "Bad request", "The request's address, parameters or headers are not valid."),
    BAD_PARAMETER(400, "bad-parameter", "Bad parameter", "A query parameter cannot be read (the detail names it)."),
    BAD_CURSOR(400, "bad-cursor", "Bad cursor", "The cursor is not valid."),
    BAD_IDEMPOTENCY_KEY(
            400, "bad-idempotency-key", "Bad Idempotency-Key", "Idempotency-Key must be 1 to 255 characters."),
    UNAUTHORIZED(
            401,
            "unauthorized",
            "Unauthorized",
            "No bearer token was sent, or it is unknown, revoked or expired (the detail says which)."),
    BAD_CREDENTIALS(401, "bad-credentials", "Bad credentials", "The email or password is not right."),
    UNKNOWN_CONVERSATION_TOKEN(
            401,
            "unknown-conversation-token",
            "Unknown conversation token",
            "The web widget's conversation token is not one Polaris handed out: open a new conversation."),
    PLATFORM_TOKEN_REQUIRED(401, "unauthorized", "Unauthorized", "The platform token is required."),
    FORBIDDEN(
            403,
            "forbidden",
            "Forbidden",
            "The caller may not do this: an integration key where a member is needed, or a member without the role."),
    ORIGIN_NOT_ALLOWED(
            403,
            "origin-not-allowed",
            "Origin not allowed",
            "The request's Origin header is missing or is not one of the web widget's allowed origins (checked on"
                    + " the server; CORS headers are not the protection)."),
    NOT_FOUND(
            404,
            "not-found",
            "Not found",
            "Nothing by that name or id in the caller's workspace (another workspace's answers 404 too, never 403)."),
    UNKNOWN_TOOL(404, "unknown-tool", "Unknown tool", "There is no tool by that name in the caller's workspace."),
    TOOL_DISABLED(409, "tool-disabled", "Conflict", "The tool is disabled in this workspace."),
    TOOL_MISCONFIGURED(
            409,
            "tool-misconfigured",
            "Conflict",
            "The tool's saved input schema cannot be used; an owner or admin must correct it."),
    TOOL_EXISTS(409, "tool-exists", "Conflict", "A tool by that name already exists."),
    TOOL_DRAFT(
            409,
            "tool-draft",
            "Conflict",
            "The tool is a draft: an owner or admin publishes it; until then members propose it as a test run."),
    TOO_MANY_SUBSCRIPTIONS(
            409, "too-many-subscriptions", "Conflict", "The workspace has as many event subscriptions as it may (20)."),
    DELIVERY_PENDING(
            409,
            "delivery-pending",
            "Conflict",
            "The delivery is still on its way; it can be sent again once it is delivered or has failed."),
    TOOL_BUSY(
            409, "tool-busy", "Conflict", "Approved actions of the custom action have not finished; try again later."),
    IDEMPOTENCY_KEY_IN_FLIGHT(
            409,
            "idempotency-key-in-flight",
            "Request in flight",
            "A request with this Idempotency-Key is still being processed; try again shortly."),
    INVALID_TRANSITION(
            409, "invalid-transition", "Conflict", "The action's status does not allow this (the detail names it)."),
    APPROVAL_ALREADY_DECIDED(409, "approval-already-decided", "Conflict", "This approval has already been decided."),
    ALREADY_DECIDED(409, "already-decided", "Conflict", "You have already decided this version of the approval."),
    APPROVAL_CHANGED(
            409,
            "approval-changed",
            "Conflict",
            "The version sent is not the approval's current one: what is being approved changed meanwhile."),
    MEMBER_EXISTS(409, "member-exists", "Conflict", "This workspace already has a member with this email."),
    LAST_OWNER(
            409,
            "last-owner",
            "Conflict",
            "The workspace's last owner cannot be removed or demoted; make another member an owner first."),
    WORKSPACE_REQUIRED(
            409,
            "workspace-required",
            "Workspace required",
            "These credentials sign in to several workspaces: name one as workspaceId."),
    BODY_TOO_LARGE(
            413,
            "body-too-large",
            "Request body too large",
            "Request bodies are limited in size and must declare their length."),
    UNSUPPORTED_MEDIA_TYPE(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Request bodies are JSON: send them as application/json, in UTF-8."),
    VALIDATION_FAILED(
            422,
            "validation-failed",
            "Validation failed",
            "The request is not valid: errors[] names each field (a dotted path from the body's root) and what"
                    + " is wrong with it."),
    IDEMPOTENCY_KEY_REUSED(
            422,
            "idempotency-key-reused",
            "Idempotency key reused",
            "This Idempotency-Key was used with a different request body."),
    REQUEST_NOT_SENDABLE(
            422,
            "request-not-sendable",
            "Request not sendable",
            "The request the external tool would send cannot be built from these arguments (the detail says why)."),
    USAGE_LIMIT_REACHED(
            429,
            "usage-limit-reached",
            "Usage limit reached",
            "This workspace has used its proposals for the month. Approvals and already approved work are not"
                    + " affected."),
    TOO_MANY_SIGN_INS(
            429,
            "too-many-sign-ins",
            "Too many sign-ins",
            "Too many failed sign-ins from this client: try again after the seconds in Retry-After."),
    MODEL_ERROR(
            502,
            "model-error",
            "Model error",
            "The operator's model did not give a usable answer (a timeout, an HTTP error, a refusal, an unknown"
                    + " tool or malformed output); \"outcome\" is \"model_error\", \"problem\" names what went wrong"
                    + " and nothing was proposed."),
    OPERATOR_NOT_CONFIGURED(
            503,
            "operator-not-configured",
            "Operator not configured",
            "The workspace has no model for the operator: an owner or admin sets one with PUT"
                    + " /api/v1/operator/model."),
    TOO_MANY_WIDGET_REQUESTS(
            429,
            "too-many-widget-requests",
            "Too many requests",
            "Too many conversations or messages from this client address or for this web widget: try again after"
                    + " the seconds in Retry-After."),
    INTERNAL_ERROR(
            500,
            "internal-error",
            "Internal error",
            "Something went wrong on Polaris' side; the detail gives a reference to quote to its operator.");

    private final int status;
    private final String slug;
    private final String title;
    private final String meaning;

    ProblemType(int status, String slug, String title, String meaning) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** What the problem means, for the OpenAPI document. */
    public String meaning() {
        return meaning;
    }

    /** An example problem document of this type, as the API answers one. */
    Map<String, Object> example() {
        var example = new java.util.LinkedHashMap<String, Object>();
        example.put("type", Problems.TYPE_BASE + slug);
        example.put("title", title);
        example.put("status", status);
        example.put("detail", exampleDetail());
        if (this == VALIDATION_FAILED) {
            example.put("errors", List.of(Map.of("field", "arguments.email", "message", "must be an email address")));
        }
        if (this == UNAUTHORIZED) {
            example.put("reason", "expired");
        }
        if (this == WORKSPACE_REQUIRED) {
            example.put(
                    "workspaces",
                    List.of(
                            Map.of("id", "ws_01jdq8x3m5a2b7c9d4e6f8g0h1", "name", "Acme Sales"),
                            Map.of("id", "ws_01jdq9k2p4r6t8v0w2y4z6a8c0", "name", "Acme Support")));
        }
        if (this == MODEL_ERROR) {
            example.put("outcome", "model_error");
            example.put("problem", "unknown_tool");
        }
        return example;
    }

    private String exampleDetail() {
        return switch (this) {
            case UNAUTHORIZED -> "The bearer token expired at 2026-11-30T18:00:00Z: make a new one.";
            case FORBIDDEN -> "You may not do this.";
            case NOT_FOUND -> "The action does not exist.";
            case BAD_PARAMETER -> "limit must be a whole number between 1 and " + Page.MAX_LIMIT + ".";
            case VALIDATION_FAILED -> "The request is not valid.";
            case TOOL_DISABLED -> "The tool 'create_lead' is disabled in this workspace.";
            case TOOL_EXISTS -> "A tool named 'notify_crm' already exists.";
            case INVALID_TRANSITION -> "An action that is completed cannot be cancelled.";
            case USAGE_LIMIT_REACHED ->
                "This workspace has used its 1000 proposals for 2026-11. Approvals and already approved work are not"
                        + " affected.";
            case MODEL_ERROR -> "The model chose 'refund_everything', which is not a published tool of this workspace.";
            case OPERATOR_NOT_CONFIGURED ->
                "The operator has no model: an owner or admin sets one with PUT /api/v1/operator/model {\"baseUrl\","
                        + " \"model\", \"apiKeySecret\", \"timeoutSeconds\"}.";
            case BODY_TOO_LARGE -> "Request bodies are limited to 262144 bytes and must declare their length.";
            default -> meaning;
        };
    }
}
