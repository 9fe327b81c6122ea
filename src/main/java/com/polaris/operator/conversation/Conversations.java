package com.polaris.operator.conversation;

import com.polaris.operator.Ids;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.NewestFirst;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The conversations of a workspace and their messages: every channel (the API, WhatsApp, the web
 * widget) hands messages in through {@link #add}, which stores a message with the same external id
 * once, however often it arrives and on however many nodes at once. A new customer message is
 * announced ({@link CustomerMessageAdded}) after it commits, for the operator to prepare from it.
 * Messages are personal data: audit events about them carry ids and counts, never text.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Conversations {

    private static final String MESSAGE_COLUMNS =
            "id, conversation_id, role, text, channel, sent_at, external_id, created_at";

    /** A conversation: its id, the channel of its first message, when it began and last heard. */
    public record Conversation(String id, String channel, Instant createdAt, Instant lastMessageAt) {}

    /** One stored message. */
    public record Message(
            String id,
            String conversationId,
            String role,
            String text,
            String channel,
            Instant at,
            @Nullable String externalId,
            Instant createdAt) {}

    /** The answer to handing a message in: the message, and whether this call stored it (false: it was there). */
    public record Added(Message message, boolean created) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /**
     * Stores {@code message} in the conversation, opening the conversation with its first message. A
     * message whose external id the conversation already has is not stored again: the answer is the
     * stored one, with {@code created} false.
     */
    @Transactional
    public Added add(String workspaceId, String conversationId, NewMessage message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant at = message.at() == null ? now : message.at().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        insert into conversations (workspace_id, id, channel, created_at, last_message_at)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(workspaceId, conversationId, message.channel().wire(), Timestamp.from(now), Timestamp.from(now))
                .update();
        if (message.externalId() != null) {
            Optional<Message> known = byExternalId(workspaceId, conversationId, message.externalId());
            if (known.isPresent()) {
                return new Added(known.get(), false);
            }
        }
        String id = Ids.next("msg");
        int stored = jdbc.sql("insert into conversation_messages (" + MESSAGE_COLUMNS + ", workspace_id) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(
                        id,
                        conversationId,
                        message.role().wire(),
                        message.text(),
                        message.channel().wire(),
                        Timestamp.from(at),
                        message.externalId(),
                        Timestamp.from(now),
                        workspaceId)
                .update();
        if (stored == 0) {
            // Another request stored the same external id between the look-up and the insert.
            return new Added(
                    byExternalId(workspaceId, conversationId, message.externalId())
                            .orElseThrow(),
                    false);
        }
        jdbc.sql("update conversations set last_message_at = ? where workspace_id = ? and id = ?")
                .params(Timestamp.from(now), workspaceId, conversationId)
                .update();
        if (message.role() == MessageRole.CUSTOMER) {
            events.publishEvent(new CustomerMessageAdded(workspaceId, conversationId, id, message.channel()));
        }
        return new Added(
                new Message(
                        id,
                        conversationId,
                        message.role().wire(),
                        message.text(),
                        message.channel().wire(),
                        at,
                        message.externalId(),
                        now),
                true);
    }

    /** The conversation, if the workspace has it. */
    public Optional<Conversation> find(String workspaceId, String conversationId) {
        return jdbc.sql("""
                        select id, channel, created_at, last_message_at from conversations
                        where workspace_id = ? and id = ?""")
                .params(workspaceId, conversationId)
                .query((rs, n) -> new Conversation(
                        rs.getString("id"),
                        rs.getString("channel"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_message_at").toInstant()))
                .optional();
    }

    /** The conversation's messages, latest first (in the order Polaris received them). */
    public Page<Message> messages(String workspaceId, String conversationId, PageRequest page) {
        return NewestFirst.from("conversation_messages", MESSAGE_COLUMNS, workspaceId)
                .where("conversation_id", conversationId)
                .page(jdbc, page, Conversations::map, Message::id);
    }

    /** The last {@code count} messages of the conversation, oldest first, as a reviewer reads them; empty for none. */
    public List<Message> recent(String workspaceId, String conversationId, int count) {
        if (count <= 0) {
            return List.of();
        }
        List<Message> latest = jdbc.sql("select " + MESSAGE_COLUMNS
                        + " from conversation_messages where workspace_id = ? and conversation_id = ?"
                        + " order by id desc limit ?")
                .params(workspaceId, conversationId, count)
                .query(Conversations::map)
                .list();
        return latest.reversed();
    }

    /**
     * The last {@code count} messages of each of {@code conversationIds}, oldest first, in one query (an
     * inbox page of approvals); a conversation without messages is left out.
     */
    public Map<String, List<Message>> recent(String workspaceId, Collection<String> conversationIds, int count) {
        if (count <= 0 || conversationIds.isEmpty()) {
            return Map.of();
        }
        var ids = new ArrayList<>(new LinkedHashSet<>(conversationIds));
        var params = new ArrayList<Object>();
        params.add(workspaceId);
        params.addAll(ids);
        params.add(count);
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        List<Message> rows = jdbc.sql("select " + MESSAGE_COLUMNS + " from (select " + MESSAGE_COLUMNS
                        + ", row_number() over (partition by conversation_id order by id desc) as nth"
                        + " from conversation_messages where workspace_id = ? and conversation_id in (" + marks
                        + ")) latest where nth <= ? order by id")
                .params(params)
                .query(Conversations::map)
                .list();
        var byConversation = new HashMap<String, List<Message>>();
        rows.forEach(m -> byConversation
                .computeIfAbsent(m.conversationId(), k -> new ArrayList<>())
                .add(m));
        return byConversation;
    }

    /**
     * Erases the conversation and all its messages; the audit records the erasure with the number of
     * messages, never their text. 404 when the workspace has no such conversation.
     */
    @Transactional
    public int erase(String workspaceId, String conversationId, Actor by) {
        find(workspaceId, conversationId).orElseThrow(() -> ApiProblem.notFound("Conversation " + conversationId));
        int messages = jdbc.sql("delete from conversation_messages where workspace_id = ? and conversation_id = ?")
                .params(workspaceId, conversationId)
                .update();
        jdbc.sql("delete from conversations where workspace_id = ? and id = ?")
                .params(workspaceId, conversationId)
                .update();
        events.publishEvent(new ConversationErased(workspaceId, conversationId));
        audit.append(
                workspaceId,
                AuditEventType.CONVERSATION_ERASED,
                by,
                subject(conversationId),
                null,
                Map.of("conversationId", conversationId, "messages", messages, "why", "erased on request"));
        return messages;
    }

    private Optional<Message> byExternalId(String workspaceId, String conversationId, @Nullable String externalId) {
        return jdbc.sql("select " + MESSAGE_COLUMNS + " from conversation_messages"
                        + " where workspace_id = ? and conversation_id = ? and external_id = ?")
                .params(workspaceId, conversationId, externalId)
                .query(Conversations::map)
                .optional();
    }

    static String subject(String conversationId) {
        return "conversation:" + conversationId;
    }

    private static Message map(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getString("id"),
                rs.getString("conversation_id"),
                rs.getString("role"),
                rs.getString("text"),
                rs.getString("channel"),
                rs.getTimestamp("sent_at").toInstant(),
                rs.getString("external_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
