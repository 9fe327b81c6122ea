package com.polaris.operator.notification;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.ObjectFields;
import com.polaris.operator.api.WebhookFields;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.secret.SigningSecrets;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Each workspace's chat webhook: where the product's notifications for members are also posted
 * (a Slack-compatible incoming webhook, or any receiver), and which of their types. Its Standard
 * Webhooks signing secret is sealed with the custom actions' ones, under the name {@value
 * #SECRET_NAME}, which no tool can take (tool names have no hyphen); every replacement makes a new
 * one, shown once, while the previous one keeps signing for a day. Owners and admins change it;
 * changes are audited with the receiver's host and the events, never the URL's path (a chat
 * service's webhook URL is itself a credential) nor the secret.
 */
@Component
@RequiredArgsConstructor
class ChatWebhooks {

    static final String SECRET_NAME = "chat-webhook";
    static final int MAX_URL_LENGTH = 2048;
    private static final String SUBJECT = "settings:chat-webhook";
    private static final ObjectFields FIELDS = new ObjectFields("a chat webhook", "url", "events");

    /** The chat webhook as stored; {@code GET} shows it, never with the secret. */
    record ChatWebhook(@Nullable String url, List<String> events) {

        static final ChatWebhook NONE = new ChatWebhook(null, List.of());

        boolean wants(NotificationType type) {
            return url != null && events.contains(type.wire());
        }
    }

    /** The answer to a {@code PUT}: the chat webhook and its new signing secret, shown this once. */
    record Saved(String url, List<String> events, String signingSecret) {}

    private final JdbcClient jdbc;
    private final SigningSecrets signingSecrets;
    private final ChatWebhookSender sender;
    private final AuditLog audit;
    private final Clock clock;

    /** The workspace's chat webhook, or {@link ChatWebhook#NONE}. */
    ChatWebhook of(String workspaceId) {
        return jdbc.sql("select url, events from chat_webhooks where workspace_id = ?")
                .param(workspaceId)
                .query((rs, n) -> new ChatWebhook(rs.getString("url"), events(rs.getString("events"))))
                .optional()
                .orElse(ChatWebhook.NONE);
    }

    ChatWebhook of(Caller caller) {
        caller.requireConfigurer();
        return of(caller.workspaceId());
    }

    /** Sets or replaces the chat webhook from {@code body}; anything invalid is a 422 and changes nothing. */
    @Transactional
    Saved replace(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        ChatWebhook parsed = parse(body);
        String url = parsed.url();
        if (url == null) {
            throw new IllegalStateException("A parsed chat webhook has a URL");
        }
        String workspaceId = caller.workspaceId();
        var now = Timestamp.from(clock.instant());
        String events = String.join(",", parsed.events());
        // Inserting first, then updating, holds the row for the rest of the transaction, so two
        // replacements at once make their signing secrets one after the other.
        if (jdbc.sql("""
                                insert into chat_webhooks (workspace_id, url, events, updated_at) values (?, ?, ?, ?)
                                on conflict do nothing""").params(workspaceId, url, events, now).update() == 0) {
            jdbc.sql("update chat_webhooks set url = ?, events = ?, updated_at = ? where workspace_id = ?")
                    .params(url, events, now, workspaceId)
                    .update();
        }
        String secret = signingSecrets
                .rotate(workspaceId, SECRET_NAME)
                .orElseGet(() -> signingSecrets.create(workspaceId, SECRET_NAME));
        var data = new LinkedHashMap<String, Object>();
        data.put("host", URI.create(url).getHost());
        data.put("events", parsed.events());
        audit.append(workspaceId, AuditEventType.CHAT_WEBHOOK_UPDATED, caller.actor(), SUBJECT, null, data);
        return new Saved(url, parsed.events(), secret);
    }

    /** Removes the chat webhook and its signing secret; nothing more is posted, not even what was on its way. */
    @Transactional
    void remove(Caller caller) {
        caller.requireConfigurer();
        boolean removed = jdbc.sql("delete from chat_webhooks where workspace_id = ?")
                        .param(caller.workspaceId())
                        .update()
                == 1;
        signingSecrets.remove(caller.workspaceId(), SECRET_NAME);
        if (removed) {
            audit.append(
                    caller.workspaceId(), AuditEventType.CHAT_WEBHOOK_DELETED, caller.actor(), SUBJECT, null, Map.of());
        }
    }

    /** The names a chat webhook may subscribe to: every notification type but {@code message}. */
    static List<String> eventNames() {
        return Arrays.stream(NotificationType.values())
                .filter(t -> t != NotificationType.MESSAGE)
                .map(NotificationType::wire)
                .toList();
    }

    private ChatWebhook parse(JsonNode body) {
        List<FieldProblem> errors = FIELDS.unknownIn(body);
        String url = WebhookFields.url(body.path("url"), MAX_URL_LENGTH, sender::urlProblem, errors);
        List<String> events = WebhookFields.events(body.path("events"), eventNames(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The chat webhook is not valid.", errors);
        }
        return new ChatWebhook(Objects.requireNonNull(url), events);
    }

    private static List<String> events(String stored) {
        return stored.isEmpty() ? List.of() : List.of(stored.split(","));
    }

    /** Whether the workspace has a chat webhook that wants {@code type}. */
    Optional<ChatWebhook> wanting(String workspaceId, NotificationType type) {
        ChatWebhook webhook = of(workspaceId);
        return webhook.wants(type) ? Optional.of(webhook) : Optional.empty();
    }
}
