package com.polaris.operator.webhook;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.secret.SigningSecrets;
import com.polaris.operator.secret.Templates;
import com.polaris.operator.secret.UnknownSecret;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code generic_webhook}: renders a custom action's request template at send time (secrets only
 * into header values and the body; a rendered header with CR or LF is refused), signs it per Standard
 * Webhooks and POSTs it. The {@code webhook-id} is derived from the action id, so every retry of one
 * action is the same delivery to the receiver. The rendered request lives only for the call: what
 * is stored is the outcome, with messages that never carry a secret.
 */
@Component
@RequiredArgsConstructor
class WebhookExecutor implements ToolExecutor {

    private final SignedPosts posts;
    private final Secrets secrets;
    private final SigningSecrets signingSecrets;
    private final JsonMapper json;
    private final Clock clock;

    @Override
    public String tool() {
        return BuiltInTool.GENERIC_WEBHOOK.wire();
    }

    /** The delivery id every attempt of one action carries as {@code webhook-id}. */
    static String deliveryId(String actionId) {
        return "msg_" + actionId;
    }

    @Override
    public ToolResult execute(ToolRun run) {
        if (run.config() == null) {
            return ToolResult.Failure.permanent(
                    "not_configured",
                    "generic_webhook runs through a custom action that defines its URL (POST /api/v1/tools).");
        }
        Request request;
        try {
            request = render(run, name -> secrets.reveal(run.workspaceId(), name));
        } catch (UnknownSecret e) {
            return ToolResult.Failure.permanent("unknown_secret", e.getMessage() + " Nothing was sent.");
        } catch (HeaderRefused e) {
            return ToolResult.Failure.permanent("header_injection", e.getMessage());
        }
        List<String> signing = signingSecrets.active(run.workspaceId(), run.tool());
        return switch (posts.post(request.url(), request.headers(), request.body(), request.deliveryId(), signing)) {
            case SignedPosts.Delivery.Delivered delivered ->
                new ToolResult.Success(Map.of("status", delivered.status(), "deliveryId", request.deliveryId()));
            case SignedPosts.Delivery.Failed failed ->
                new ToolResult.Failure(
                        failed.code(), failed.message(), failed.retryable(), failed.uncertain(), failed.retryAfter());
        };
    }

    @Override
    public @Nullable Map<String, Object> preview(ToolRun run) {
        if (run.config() == null) {
            throw new PreviewRefused("generic_webhook runs through a custom action that defines its URL.");
        }
        Request request;
        try {
            request = render(run, Templates.masked(secrets, run.workspaceId()));
        } catch (UnknownSecret | HeaderRefused e) {
            throw new PreviewRefused(e.getMessage());
        }
        var headers = new LinkedHashMap<String, Object>(request.headers());
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", request.deliveryId());
        headers.put("webhook-timestamp", Long.toString(clock.instant().getEpochSecond()));
        headers.put("webhook-signature", "v1," + Templates.MASK);
        var preview = new LinkedHashMap<String, Object>();
        preview.put("method", "POST");
        preview.put("url", request.url().toString());
        preview.put("headers", headers);
        preview.put("body", json.readTree(request.body()));
        return preview;
    }

    private record Request(URI url, Map<String, String> headers, byte[] body, String deliveryId) {}

    /** A rendered header value that would split the header (CR/LF/NUL). */
    private static final class HeaderRefused extends RuntimeException {

        HeaderRefused(String header) {
            super("The header " + header + " would contain CR, LF or NUL after rendering; nothing was sent.");
        }
    }

    private Request render(ToolRun run, Templates.SecretValues values) {
        JsonNode config = run.config();
        var context = new Templates.Context(run.arguments(), run.conversationId(), run.actionId());
        var headers = new LinkedHashMap<String, String>();
        for (Map.Entry<String, JsonNode> header : config.path("headers").properties()) {
            String value = Templates.text(header.getValue().asString(), context, values);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new HeaderRefused(header.getKey());
            }
            headers.put(header.getKey(), value);
        }
        JsonNode body = config.has("body") ? Templates.json(config.path("body"), context, values) : defaultBody(run);
        return new Request(
                URI.create(config.path("url").asString()),
                headers,
                json.writeValueAsBytes(body),
                deliveryId(run.actionId()));
    }

    /** Without a body template: the action id, the tool, the conversation id and the arguments. */
    private JsonNode defaultBody(ToolRun run) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "action." + run.tool());
        body.putObject("action").put("id", run.actionId());
        body.putObject("conversation").put("id", run.conversationId());
        body.set("arguments", run.arguments());
        return body;
    }
}
