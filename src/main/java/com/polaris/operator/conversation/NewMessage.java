package com.polaris.operator.conversation;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.RequestBodies;
import com.polaris.operator.api.SaneDates;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message to hand in to a conversation. {@code at} is when it was written (now when absent);
 * {@code externalId} is the channel's own id for it, which makes handing it in again harmless.
 */
public record NewMessage(
        MessageRole role,
        String text,
        MessageChannel channel,
        @Nullable Instant at,
        @Nullable String externalId) {

    /** The longest message text Polaris keeps; WhatsApp's own limit is 4,096. */
    public static final int MAX_TEXT = 4096;

    public static final int MAX_EXTERNAL_ID = 200;

    /** The longest conversation id, as for an action's {@code conversation.id}. */
    public static final int MAX_CONVERSATION_ID = 200;

    private static final Set<String> FIELDS = Set.of("role", "text", "channel", "at", "externalId");

    public NewMessage {
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a message's text has 1 to " + MAX_TEXT + " characters");
        }
    }

    /** Reads {@code POST /api/v1/conversations/{id}/messages}; anything invalid is a 422 naming the field. */
    static NewMessage parse(JsonNode body) {
        List<FieldProblem> errors = RequestBodies.unknownFields(body, FIELDS);
        MessageRole role = text(body, "role").flatMap(MessageRole::of).orElse(null);
        if (role == null) {
            errors.add(new FieldProblem("role", "is required: customer, bot or agent"));
        }
        String text = text(body, "text").orElse("");
        if (text.isBlank() || text.length() > MAX_TEXT) {
            errors.add(new FieldProblem("text", "is required, with 1 to " + MAX_TEXT + " characters"));
        }
        MessageChannel channel = MessageChannel.OTHER;
        if (present(body, "channel")) {
            channel = text(body, "channel").flatMap(MessageChannel::of).orElse(null);
            if (channel == null) {
                errors.add(new FieldProblem("channel", "must be web_widget, whatsapp, email or other"));
            }
        }
        Instant at = null;
        if (present(body, "at")) {
            try {
                at = Instant.parse(text(body, "at").orElse(""));
                if (!SaneDates.isSane(at)) {
                    errors.add(new FieldProblem("at", SaneDates.OUT_OF_RANGE));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem("at", "must be a date and time such as 2026-12-03T09:15:00Z"));
            }
        }
        String externalId = null;
        if (present(body, "externalId")) {
            externalId = text(body, "externalId").orElse("");
            if (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID) {
                errors.add(new FieldProblem("externalId", "must have 1 to " + MAX_EXTERNAL_ID + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The message is not valid.", errors);
        }
        return new NewMessage(role, text, channel, at, externalId);
    }

    /** 422 unless {@code id} can name a conversation. */
    public static String checkConversationId(String id) {
        if (id.isBlank() || id.length() > MAX_CONVERSATION_ID) {
            throw ApiProblem.invalid("conversationId", "must have 1 to " + MAX_CONVERSATION_ID + " characters");
        }
        return id;
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }
}
