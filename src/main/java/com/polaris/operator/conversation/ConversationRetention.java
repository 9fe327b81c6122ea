package com.polaris.operator.conversation;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.audit.AuditEventType;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.identity.Actor;
import com.polaris.operator.identity.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * How long a workspace keeps conversation messages, and the erasing of older ones. Every node looks
 * regularly ({@code polaris.conversations.retention-check}, hourly) and erases, a thousand at a
 * time, the messages stored longer ago than the workspace keeps them, then the conversations left
 * without messages (their ids may themselves be personal, such as a phone number). Two nodes erasing
 * at once erase different rows or the same ones, either way harmlessly. Each pass that erased
 * something is audited with the count, never the text.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ConversationRetention {

    /** The retention of a workspace that never set one. */
    public static final int DEFAULT_DAYS = 90;

    public static final int MAX_DAYS = 3650;

    private static final int CHUNK = 1000;
    private static final Logger log = LoggerFactory.getLogger(ConversationRetention.class);

    /** A workspace's retention as the API shows it. */
    public record Retention(int conversationDays) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Retention get(Caller caller) {
        caller.requireMember();
        return new Retention(days(caller.workspaceId()));
    }

    /** Sets {@code {"conversationDays": n}} (owners, admins); 1 to 3,650 days, else 422. */
    @Transactional
    public Retention set(Caller caller, JsonNode body) {
        caller.requireConfigurer();
        if (!body.isObject()) {
            throw ApiProblem.invalid("", "the request body must be a JSON object");
        }
        body.propertyNames().forEach(name -> {
            if (!Set.of("conversationDays").contains(name)) {
                throw ApiProblem.invalid(name, "is not a known field");
            }
        });
        JsonNode days = body.get("conversationDays");
        if (days == null || !days.isIntegralNumber() || days.asLong() < 1 || days.asLong() > MAX_DAYS) {
            throw ApiProblem.invalid("conversationDays", "is required: a whole number of days from 1 to " + MAX_DAYS);
        }
        int value = days.asInt();
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        int updated = jdbc.sql("""
                        update conversation_retention set conversation_days = ?, updated_at = ? where workspace_id = ?""").params(value, now, caller.workspaceId()).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into conversation_retention (workspace_id, conversation_days, updated_at)
                            values (?, ?, ?)""").params(caller.workspaceId(), value, now).update();
        }
        audit.append(
                caller.workspaceId(),
                AuditEventType.CONVERSATION_RETENTION_UPDATED,
                caller.actor(),
                "conversation-retention",
                null,
                Map.of("conversationDays", value));
        return new Retention(value);
    }

    int days(String workspaceId) {
        return jdbc.sql("select conversation_days from conversation_retention where workspace_id = ?")
                .param(workspaceId)
                .query(Integer.class)
                .optional()
                .orElse(DEFAULT_DAYS);
    }

    /** Erases, in every workspace, what is older than the workspace keeps; answers how many messages went. */
    @Scheduled(
            fixedDelayString = "${polaris.conversations.retention-check:1h}",
            initialDelayString = "${polaris.conversations.retention-check:1h}")
    public int eraseExpired() {
        List<String> workspaces = jdbc.sql("select distinct workspace_id from conversations")
                .query(String.class)
                .list();
        int erased = 0;
        for (String workspaceId : workspaces) {
            try {
                erased += eraseExpired(workspaceId);
            } catch (RuntimeException e) {
                log.warn("Erasing expired conversation messages of workspace {} failed: {}", workspaceId, e.toString());
            }
        }
        return erased;
    }

    private int eraseExpired(String workspaceId) {
        Instant cutoff = clock.instant().minus(Duration.ofDays(days(workspaceId)));
        int messages = 0;
        int chunk;
        do {
            chunk = jdbc.sql("""
                            delete from conversation_messages where id in (
                                select id from conversation_messages
                                where workspace_id = ? and created_at < ? limit ?)""")
                    .params(workspaceId, Timestamp.from(cutoff), CHUNK)
                    .update();
            messages += chunk;
        } while (chunk == CHUNK);
        int conversations = 0;
        List<String> emptied;
        do {
            emptied = jdbc.sql("""
                            select c.id from conversations c where c.workspace_id = ? and c.last_message_at < ?
                            and not exists (select 1 from conversation_messages m
                                            where m.workspace_id = c.workspace_id and m.conversation_id = c.id)
                            limit ?""")
                    .params(workspaceId, Timestamp.from(cutoff), CHUNK)
                    .query(String.class)
                    .list();
            for (String conversationId : emptied) {
                conversations += eraseEmptied(workspaceId, conversationId);
            }
        } while (emptied.size() == CHUNK);
        if (messages > 0 || conversations > 0) {
            var data = Map.of("messages", messages, "conversations", conversations);
            tx.executeWithoutResult(status -> audit.append(
                    workspaceId,
                    AuditEventType.CONVERSATION_MESSAGES_EXPIRED,
                    Actor.SYSTEM,
                    "conversation-retention",
                    null,
                    data));
        }
        return messages;
    }

    /** Erases a conversation left without messages, unless one arrived meanwhile, and tells whoever holds onto it. */
    private int eraseEmptied(String workspaceId, String conversationId) {
        Integer erased = tx.execute(status -> {
            int deleted = jdbc.sql("""
                            delete from conversations c where c.workspace_id = ? and c.id = ?
                            and not exists (select 1 from conversation_messages m
                                            where m.workspace_id = c.workspace_id and m.conversation_id = c.id)""").params(workspaceId, conversationId).update();
            if (deleted == 1) {
                events.publishEvent(new ConversationErased(workspaceId, conversationId));
            }
            return deleted;
        });
        return erased == null ? 0 : erased;
    }
}
