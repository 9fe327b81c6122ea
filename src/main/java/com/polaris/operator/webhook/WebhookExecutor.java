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
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
class WebhookExecutor implements ToolExecutor {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final WebhookClient client;
    private final Secrets secrets;
    private final SigningSecrets signingSecrets;
    private final JsonMapper json;
    private final Clock clock;

    WebhookExecutor(
            WebhookClient client, Secrets secrets, SigningSecrets signingSecrets, JsonMapper json, Clock clock) {
        this.client = client;
        this.secrets = secrets;
        this.signingSecrets = signingSecrets;
        this.json = json;
        this.clock = clock;
    }

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
        long timestamp = clock.instant().getEpochSecond();
        List<String> signing = signingSecrets.active(run.workspaceId(), run.tool());
        var headers = new LinkedHashMap<>(request.headers());
        headers.put("webhook-id", request.deliveryId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        if (!signing.isEmpty()) {
            headers.put(
                    "webhook-signature",
                    StandardWebhooks.signature(signing, request.deliveryId(), timestamp, request.body()));
        }
        headers.put("User-Agent", "Polaris-Operator-Webhooks/1");
        return outcome(client.post(request.url(), headers, request.body()), request.deliveryId());
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

    private ToolResult outcome(WebhookClient.Outcome outcome, String deliveryId) {
        return switch (outcome) {
            case WebhookClient.Outcome.Answered answered -> answered(answered, deliveryId);
            case WebhookClient.Outcome.Refused refused ->
                ToolResult.Failure.permanent("address_refused", refused.reason());
            case WebhookClient.Outcome.NotSent notSent ->
                new ToolResult.Failure("not_delivered", notSent.reason(), true, false);
            case WebhookClient.Outcome.Unanswered unanswered ->
                new ToolResult.Failure("timeout", unanswered.reason(), true, true);
        };
    }

    private ToolResult answered(WebhookClient.Outcome.Answered answered, String deliveryId) {
        int status = answered.status();
        if (status >= 200 && status < 300) {
            return new ToolResult.Success(Map.of("status", status, "deliveryId", deliveryId));
        }
        if (status >= 300 && status < 400) {
            return ToolResult.Failure.permanent(
                    "redirect_refused",
                    "The receiver answered " + status + " (a redirect); webhooks do not follow redirects.");
        }
        if (status == 429 || status >= 500) {
            return new ToolResult.Failure(
                    "receiver_unavailable",
                    "The receiver answered " + status + ".",
                    true,
                    false,
                    retryAfter(answered.retryAfter()));
        }
        return ToolResult.Failure.permanent(
                status == 410 ? "gone" : "rejected", "The receiver refused the delivery with " + status + ".");
    }

    /** A {@code Retry-After} of seconds or an HTTP date, as a wait from now; zero when absent or unreadable. */
    private Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
