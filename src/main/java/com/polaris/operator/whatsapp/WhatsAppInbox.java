package com.polaris.operator.whatsapp;

import com.polaris.operator.api.SaneDates;
import com.polaris.operator.api.StorableText;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.MessageChannel;
import com.polaris.operator.conversation.MessageRole;
import com.polaris.operator.conversation.NewMessage;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.secret.UnknownSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the WhatsApp Cloud API posts to a channel's inbound URL. Nothing is read before the {@code
 * X-Hub-Signature-256} header is checked: the HMAC-SHA256 of the raw body bytes, keyed with the app
 * secret the channel names, compared in constant time. Then each message of {@code
 * entry[].changes[].value.messages[]} for the channel's phone number becomes a customer message of
 * the conversation {@code wa:+<sender>}, handed in with the WhatsApp message id as its external id,
 * so a delivery the Cloud API repeats is stored once. Status updates of sent messages are accepted
 * and ignored. Message text is never logged.
 */
@Component
@RequiredArgsConstructor
class WhatsAppInbox {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppInbox.class);
    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final Pattern SENDER = Pattern.compile("[0-9]{6,15}");
    private static final Pattern TYPE = Pattern.compile("[a-z_]{1,30}");

    private final Conversations conversations;
    private final Secrets secrets;
    private final JsonMapper json;

    /** What became of one inbound post. */
    enum Received {
        /** Signed correctly and read; {@code stored} new messages. */
        ACCEPTED,
        /** The signature is missing or does not match: nothing was read or stored. */
        BAD_SIGNATURE,
        /** Signed correctly, but not a JSON object: nothing stored. */
        MALFORMED,
        /** The app secret the channel names no longer exists: nothing can be checked. */
        NO_APP_SECRET
    }

    /** One message as it is handed to the conversation. */
    record Inbound(String conversationId, NewMessage message) {}

    Received receive(WhatsAppChannels.Channel channel, byte[] body, @Nullable String signature) {
        String appSecret;
        try {
            appSecret = secrets.reveal(channel.workspaceId(), channel.appSecretSecret());
        } catch (UnknownSecret e) {
            log.warn(
                    "WhatsApp channel {} names the app secret '{}', which does not exist; inbound posts are refused",
                    channel.id(),
                    channel.appSecretSecret());
            return Received.NO_APP_SECRET;
        }
        if (!signatureMatches(appSecret, body, signature)) {
            return Received.BAD_SIGNATURE;
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JacksonException e) {
            return Received.MALFORMED;
        }
        if (payload == null || !payload.isObject()) {
            return Received.MALFORMED;
        }
        for (Inbound inbound : messages(payload, channel.phoneNumberId())) {
            conversations.add(channel.workspaceId(), inbound.conversationId(), inbound.message());
        }
        return Received.ACCEPTED;
    }

    /** Whether {@code header} is {@code sha256=<hex>} of the HMAC-SHA256 of {@code body} keyed with {@code secret}. */
    static boolean signatureMatches(String secret, byte[] body, @Nullable String header) {
        if (header == null || !header.startsWith(SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of()
                    .parseHex(header.substring(SIGNATURE_PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), presented);
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The messages of a webhook payload meant for {@code phoneNumberId} (a change naming another
     * phone number of the same app is skipped), in order. A message without a usable sender or id is
     * skipped; a message that is not text is kept as a short placeholder such as {@code [image]}.
     */
    static List<Inbound> messages(JsonNode payload, String phoneNumberId) {
        var found = new ArrayList<Inbound>();
        for (JsonNode entry : payload.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String to = value.path("metadata").path("phone_number_id").asString("");
                if (!to.isEmpty() && !to.equals(phoneNumberId)) {
                    continue;
                }
                for (JsonNode message : value.path("messages")) {
                    Inbound inbound = inbound(message);
                    if (inbound != null) {
                        found.add(inbound);
                    }
                }
            }
        }
        return found;
    }

    private static @Nullable Inbound inbound(JsonNode message) {
        String from = message.path("from").asString("");
        String id = message.path("id").asString("");
        if (!SENDER.matcher(from).matches()
                || id.isBlank()
                || id.length() > NewMessage.MAX_EXTERNAL_ID
                || !StorableText.isStorable(id)) {
            return null;
        }
        Instant at = null;
        String timestamp = message.path("timestamp").asString("");
        if (timestamp.matches("[0-9]{1,12}")) {
            Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
            at = SaneDates.isSane(sent) ? sent : null;
        }
        return new Inbound(
                "wa:+" + from, new NewMessage(MessageRole.CUSTOMER, text(message), MessageChannel.WHATSAPP, at, id));
    }

    /** The message's text, or a placeholder naming its type; never empty, at most {@link NewMessage#MAX_TEXT}. */
    static String text(JsonNode message) {
        String type = message.path("type").asString("");
        String text = switch (type) {
            case "text" -> message.path("text").path("body").asString("");
            case "button" -> message.path("button").path("text").asString("");
            case "interactive" -> {
                JsonNode interactive = message.path("interactive");
                JsonNode reply = interactive.has("button_reply")
                        ? interactive.path("button_reply")
                        : interactive.path("list_reply");
                yield reply.path("title").asString("");
            }
            default -> "";
        };
        if (text.isBlank()) {
            text = "[" + (TYPE.matcher(type).matches() ? type : "message") + "]";
        }
        return storable(text.length() > NewMessage.MAX_TEXT ? text.substring(0, NewMessage.MAX_TEXT) : text);
    }

    /** {@code text} with each NUL and each lone surrogate (which cannot be stored) replaced by U+FFFD. */
    private static String storable(String text) {
        if (StorableText.isStorable(text)) {
            return text;
        }
        var kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                kept.append(c).append(text.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                kept.append('\uFFFD');
            } else {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
