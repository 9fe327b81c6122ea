package com.polaris.operator.whatsapp;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.MessageChannel;
import com.polaris.operator.conversation.MessageRole;
import com.polaris.operator.conversation.NewMessage;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.secret.Templates;
import com.polaris.operator.secret.UnknownSecret;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import com.polaris.operator.webhook.OutgoingCalls;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code send_whatsapp_message}: posts a text or template message to the Cloud API of the
 * workspace's WhatsApp channel ({@code POST {apiBaseUrl}/{phoneNumberId}/messages}, the access token
 * read from the secret the channel names, as a bearer token), through the webhooks' outgoing HTTP
 * machinery. The answer's {@code messages[0].id} is the result, and the sent message is added to
 * the conversation {@code wa:<to>} (role agent, its message id as external id) so the conversation
 * shows the reply. A 429, a 5xx, the Cloud API's throttling codes and a request that never left are
 * worth retrying; any other 4xx (a bad number, a refused token, the 131xxx codes) fails for good; a
 * request sent without an answer may have been delivered and the Cloud API has no idempotency key,
 * so it is not sent again: a person looks ({@code needs_review}). No error or log line carries the
 * token.
 */
@Component
@RequiredArgsConstructor
class SendWhatsAppMessageExecutor implements ToolExecutor {

    private static final Logger log = LoggerFactory.getLogger(SendWhatsAppMessageExecutor.class);
    /** Cloud API error codes that mean "slow down", whatever the HTTP status. */
    private static final Set<Integer> THROTTLED = Set.of(4, 80007, 130429, 131056);

    private final WhatsAppChannels channels;
    private final Secrets secrets;
    private final OutgoingCalls calls;
    private final Conversations conversations;
    private final JsonMapper json;

    @Override
    public String tool() {
        return BuiltInTool.SEND_WHATSAPP_MESSAGE.wire();
    }

    @Override
    public ToolResult execute(ToolRun run) {
        Optional<WhatsAppChannels.Channel> found = channels.ofWorkspace(run.workspaceId());
        if (found.isEmpty()) {
            return ToolResult.Failure.permanent(
                    "not_configured",
                    "No WhatsApp channel is configured in this workspace: connect one with PUT"
                            + " /api/v1/channels/whatsapp. Nothing was sent.");
        }
        WhatsAppChannels.Channel channel = found.get();
        String token;
        try {
            token = secrets.reveal(run.workspaceId(), channel.accessTokenSecret());
        } catch (UnknownSecret e) {
            return ToolResult.Failure.permanent(
                    "unknown_secret",
                    "The WhatsApp channel's access token secret '" + channel.accessTokenSecret()
                            + "' does not exist. Nothing was sent.");
        }
        if (token.isBlank() || token.indexOf('\r') >= 0 || token.indexOf('\n') >= 0 || token.indexOf('\0') >= 0) {
            return ToolResult.Failure.permanent(
                    "unusable_secret",
                    "The WhatsApp channel's access token secret '" + channel.accessTokenSecret()
                            + "' is empty or holds a line break. Nothing was sent.");
        }
        JsonNode arguments = run.arguments();
        String to = arguments.path("to").asString();
        var answer = calls.post(
                messagesUrl(channel),
                Map.of("Authorization", "Bearer " + token),
                json.writeValueAsBytes(body(arguments)));
        return switch (answer) {
            case OutgoingCalls.Call.Failed failed -> failed(failed);
            case OutgoingCalls.Call.Answered answered -> answered(run, to, answered, token);
        };
    }

    /**
     * The Cloud API takes no idempotency key: a message that may have arrived is not sent again
     * blindly; a person looks (needs_review).
     */
    private static ToolResult failed(OutgoingCalls.Call.Failed failed) {
        if (failed.uncertain()) {
            return new ToolResult.Failure(
                    failed.code(),
                    failed.message() + " The message may have been delivered; check before sending it again.",
                    false,
                    true);
        }
        return new ToolResult.Failure(failed.code(), failed.message(), failed.retryable(), false);
    }

    private ToolResult answered(ToolRun run, String to, OutgoingCalls.Call.Answered answered, String token) {
        int status = answered.status();
        JsonNode body = readable(answered.body());
        if (status >= 200 && status < 300) {
            String messageId = body.path("messages").path(0).path("id").asString("");
            if (messageId.isBlank() || messageId.length() > NewMessage.MAX_EXTERNAL_ID) {
                return new ToolResult.Failure(
                        "unexpected_answer",
                        "The WhatsApp Cloud API answered " + status
                                + " without a message id: the message may have been sent; check before retrying.",
                        false,
                        true);
            }
            remember(run, to, messageId);
            return new ToolResult.Success(Map.of("messageId", messageId));
        }
        JsonNode error = body.path("error");
        int code = error.path("code").asInt(0);
        String said = said(error, token);
        if (status == 429 || status >= 500 || THROTTLED.contains(code)) {
            return new ToolResult.Failure(
                    "whatsapp_unavailable",
                    "The WhatsApp Cloud API answered " + status + said + "; it will be tried again.",
                    true,
                    false,
                    answered.retryAfter());
        }
        if (status >= 300 && status < 400) {
            return ToolResult.Failure.permanent(
                    "redirect_refused", "The WhatsApp Cloud API answered " + status + " (a redirect); not followed.");
        }
        if (status == 401 || code == 190) {
            return ToolResult.Failure.permanent(
                    "whatsapp_token_refused",
                    "The WhatsApp Cloud API refused the access token (" + status + said
                            + "); update the secret '"
                            + channels.ofWorkspace(run.workspaceId())
                                    .map(WhatsAppChannels.Channel::accessTokenSecret)
                                    .orElse("")
                            + "'.");
        }
        return ToolResult.Failure.permanent(
                "whatsapp_rejected", "The WhatsApp Cloud API refused the message with " + status + said + ".");
    }

    /** Adds the sent message to its conversation; the message is sent whatever becomes of this. */
    private void remember(ToolRun run, String to, String messageId) {
        JsonNode arguments = run.arguments();
        String text = arguments.has("text")
                ? arguments.path("text").asString()
                : "[template " + arguments.path("template").path("name").asString() + "]";
        try {
            conversations.add(
                    run.workspaceId(),
                    "wa:" + to,
                    new NewMessage(MessageRole.AGENT, text, MessageChannel.WHATSAPP, null, messageId));
        } catch (RuntimeException e) {
            log.warn(
                    "The WhatsApp message of action {} was sent but could not be added to its conversation ({})",
                    run.actionId(),
                    e.getClass().getSimpleName());
        }
    }

    /** What the Cloud API said about a refusal: its code and message, short, never the token. */
    private static String said(JsonNode error, String token) {
        if (!error.isObject()) {
            return "";
        }
        var words = new StringBuilder();
        int code = error.path("code").asInt(0);
        if (code != 0) {
            words.append("code ").append(code);
        }
        String message = error.path("message").asString("");
        if (!message.isBlank()) {
            message = message.replace(token, Templates.MASK).replaceAll("\\p{Cntrl}", " ");
            if (message.length() > 200) {
                message = message.substring(0, 200) + "…";
            }
            words.append(words.isEmpty() ? "" : ": ").append(message);
        }
        return words.isEmpty() ? "" : " (" + words + ")";
    }

    private JsonNode readable(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private static URI messagesUrl(WhatsAppChannels.Channel channel) {
        return URI.create(channel.apiBaseUrl() + "/" + channel.phoneNumberId() + "/messages");
    }

    /** The Cloud API's request body for the validated arguments. */
    ObjectNode body(JsonNode arguments) {
        ObjectNode body = json.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", arguments.path("to").asString());
        if (arguments.has("text")) {
            body.put("type", "text");
            body.putObject("text")
                    .put("preview_url", false)
                    .put("body", arguments.path("text").asString());
            return body;
        }
        JsonNode given = arguments.path("template");
        body.put("type", "template");
        ObjectNode template = body.putObject("template");
        template.put("name", given.path("name").asString());
        template.putObject("language").put("code", given.path("language").asString());
        JsonNode parameters = given.path("parameters");
        if (parameters.isArray() && !parameters.isEmpty()) {
            var values = template.putArray("components")
                    .addObject()
                    .put("type", "body")
                    .putArray("parameters");
            parameters.forEach(p -> values.addObject().put("type", "text").put("text", p.asString()));
        }
        return body;
    }

    @Override
    public @Nullable Map<String, Object> preview(ToolRun run) {
        WhatsAppChannels.Channel channel = channels.ofWorkspace(run.workspaceId())
                .orElseThrow(() ->
                        new PreviewRefused("No WhatsApp channel is configured in this workspace: connect one with PUT"
                                + " /api/v1/channels/whatsapp."));
        if (!secrets.exists(run.workspaceId(), channel.accessTokenSecret())) {
            throw new PreviewRefused(
                    "The WhatsApp channel's access token secret '" + channel.accessTokenSecret() + "' does not exist.");
        }
        var headers = new LinkedHashMap<String, Object>();
        headers.put("Authorization", "Bearer " + Templates.MASK);
        headers.put("Content-Type", "application/json");
        var preview = new LinkedHashMap<String, Object>();
        preview.put("method", "POST");
        preview.put("url", messagesUrl(channel).toString());
        preview.put("headers", headers);
        preview.put("body", body(run.arguments()));
        return preview;
    }
}
