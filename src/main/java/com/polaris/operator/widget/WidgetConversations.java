package com.polaris.operator.widget;

import com.polaris.operator.Sha256;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.conversation.ConversationErased;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.conversation.MessageChannel;
import com.polaris.operator.conversation.MessageRole;
import com.polaris.operator.conversation.NewMessage;
import com.polaris.operator.widget.WidgetThrottle.Counted;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The conversations visitors open with a web widget. The server picks each conversation's id
 * ({@code web:} and random) and hands back a conversation token: a random secret that Polaris keeps
 * only as its SHA-256 hash, bound to that one conversation of that one workspace. A message carries
 * the token, so it reaches its own conversation and no other; the widget key opens conversations and
 * reaches none. Every request must come from a page on one of the widget's allowed origins (its
 * {@code Origin} header, checked here: CORS headers only tell browsers what they may read) and is
 * rate-limited per client address and per widget.
 */
@Service
@RequiredArgsConstructor
class WidgetConversations {

    static final int MAX_TEXT = 2000;
    static final String TOKEN_PREFIX = "pol_wct_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A conversation the widget opened: its id and the token that writes to it. */
    record Opened(String conversationId, String conversationToken) {}

    /** The conversation a token is bound to. */
    private record Bound(String workspaceId, String conversationId) {}

    /** A message the visitor posted. */
    record Posted(String id, String conversationId, String text, Instant at) {}

    private final WebWidgets widgets;
    private final WidgetThrottle throttle;
    private final Conversations conversations;
    private final JdbcClient jdbc;
    private final Clock clock;

    /** Opens a conversation for the widget with {@code widgetKey}, asked from a page on {@code origin}. */
    Opened open(@Nullable String widgetKey, @Nullable String origin, String address) {
        if (widgetKey == null || widgetKey.isBlank() || widgetKey.length() > 100) {
            throw ApiProblem.invalid("widgetKey", "is required: the key of the widget's snippet (pol_wgt_…)");
        }
        throttle.byAddress(Counted.CONVERSATIONS, address);
        var widget = widgets.byKey(widgetKey)
                .orElseThrow(() -> new ApiProblem(
                        ApiProblem.Kind.NOT_FOUND,
                        "not-found",
                        "Not found",
                        "No widget has this key: copy the snippet from the widget settings again."));
        checkOrigin(origin, widget.allowedOrigins());
        throttle.byWidget(Counted.CONVERSATIONS, widget.workspaceId());
        String conversationId = "web:" + HexFormat.of().formatHex(random(16));
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        jdbc.sql("""
                        insert into web_widget_conversations (token_hash, workspace_id, conversation_id, created_at)
                        values (?, ?, ?, ?)""")
                .params(
                        hash(token),
                        widget.workspaceId(),
                        conversationId,
                        Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .update();
        return new Opened(conversationId, token);
    }

    /** Adds {@code text} as a customer message to the conversation of {@code token}, asked from a page on {@code origin}. */
    Posted post(@Nullable String token, @Nullable String text, @Nullable String origin, String address) {
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        if (token == null || token.isBlank() || token.length() > 200) {
            errors.add(new ApiProblem.FieldProblem(
                    "conversationToken", "is required: the token POST /widget/v1/conversations handed out"));
        }
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            errors.add(new ApiProblem.FieldProblem("text", "is required, with 1 to " + MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The message is not valid.", errors);
        }
        throttle.byAddress(Counted.MESSAGES, address);
        var bound = jdbc.sql("select workspace_id, conversation_id from web_widget_conversations where token_hash = ?")
                .param(hash(token))
                .query((rs, n) -> new Bound(rs.getString("workspace_id"), rs.getString("conversation_id")))
                .optional()
                .orElseThrow(() -> new ApiProblem(
                        ApiProblem.Kind.UNAUTHENTICATED,
                        "unknown-conversation-token",
                        "Unknown conversation token",
                        "This conversation token is not one Polaris handed out: open a new conversation."));
        String workspaceId = bound.workspaceId();
        checkOrigin(origin, widgets.origins(workspaceId));
        throttle.byWidget(Counted.MESSAGES, workspaceId);
        var added = conversations.add(
                workspaceId,
                bound.conversationId(),
                new NewMessage(MessageRole.CUSTOMER, text, MessageChannel.WEB_WIDGET, null, null));
        var message = added.message();
        return new Posted(message.id(), message.conversationId(), message.text(), message.at());
    }

    /** An erased conversation's token reaches nothing any more: the visitor opens a new conversation. */
    @EventListener
    void onErased(ConversationErased erased) {
        jdbc.sql("delete from web_widget_conversations where workspace_id = ? and conversation_id = ?")
                .params(erased.workspaceId(), erased.conversationId())
                .update();
    }

    /**
     * 403 unless the request came from a page on one of {@code allowed}. Browsers always send
     * {@code Origin} with these cross-origin posts; a request without one did not come from a page.
     */
    private static void checkOrigin(@Nullable String origin, List<String> allowed) {
        if (origin == null || !allowed.contains(origin)) {
            throw new ApiProblem(
                    ApiProblem.Kind.NOT_ALLOWED,
                    "origin-not-allowed",
                    "Origin not allowed",
                    origin == null
                            ? "The request has no Origin header: the widget answers pages on its allowed origins only."
                            : "The widget may not be used on pages of " + origin + ": add it to the allowed origins.");
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }
}
