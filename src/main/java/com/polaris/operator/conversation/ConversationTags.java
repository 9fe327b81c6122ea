package com.polaris.operator.conversation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tags of each conversation. A tag is on a conversation at most once (primary key), so adding
 * tags again, from a re-run or another action, changes nothing; each tag remembers the action that
 * first put it there.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ConversationTags {

    private final JdbcClient jdbc;
    private final Clock clock;

    /** Adds the tags that are not there yet and answers the conversation's whole tag set, in alphabetical order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> add(String workspaceId, String conversationId, String actionId, Collection<String> tags) {
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        for (String tag : tags) {
            jdbc.sql("""
                            insert into conversation_tags (workspace_id, conversation_id, tag, action_id, created_at)
                            values (?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(workspaceId, conversationId, tag, actionId, now)
                    .update();
        }
        return tags(workspaceId, conversationId);
    }

    /** The conversation's tags in alphabetical order; empty for a conversation never tagged in the workspace. */
    public List<String> tags(String workspaceId, String conversationId) {
        return jdbc.sql("""
                        select tag from conversation_tags where workspace_id = ? and conversation_id = ?
                        order by tag""")
                .params(workspaceId, conversationId)
                .query(String.class)
                .list();
    }
}
