package com.polaris.operator.support;

import com.polaris.operator.Ids;
import com.polaris.operator.api.NewestFirst;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The support tasks of each workspace. A task is keyed by the action that opened it (unique), so
 * running that action again finds the task instead of opening a second one.
 */
@Repository
public class SupportTasks {

    static final String OPEN = "open";
    private static final String COLUMNS =
            "id, title, description, priority, status, action_id, conversation_id, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    SupportTasks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Opens the task of an action, or returns the one that action already opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public SupportTask open(NewSupportTask task) {
        String id = Ids.next("task");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inserted = jdbc.sql("""
                        insert into support_tasks (id, workspace_id, action_id, title, description, priority, status,
                            conversation_id, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        id,
                        task.workspaceId(),
                        task.actionId(),
                        task.title(),
                        task.description(),
                        task.priority().wire(),
                        OPEN,
                        task.conversationId(),
                        Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return byAction(task.workspaceId(), task.actionId()).orElseThrow();
        }
        return new SupportTask(
                id,
                task.title(),
                task.description(),
                task.priority(),
                OPEN,
                task.actionId(),
                task.conversationId(),
                now);
    }

    public Optional<SupportTask> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + " from support_tasks where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(SupportTasks::map)
                .optional();
    }

    public Optional<SupportTask> byAction(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS + " from support_tasks where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query(SupportTasks::map)
                .optional();
    }

    /** Newest first, after the task {@code after} (exclusive), at most {@code limit} rows. */
    public List<SupportTask> list(
            String workspaceId, @Nullable String conversationId, @Nullable String after, int limit) {
        return NewestFirst.from("support_tasks", COLUMNS, workspaceId)
                .where("conversation_id", conversationId)
                .list(jdbc, after, limit, SupportTasks::map);
    }

    private static SupportTask map(ResultSet rs, int row) throws SQLException {
        String priority = rs.getString("priority");
        return new SupportTask(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("description"),
                Priority.parse(priority).orElseThrow(() -> new IllegalStateException("Unknown priority " + priority)),
                rs.getString("status"),
                rs.getString("action_id"),
                rs.getString("conversation_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
