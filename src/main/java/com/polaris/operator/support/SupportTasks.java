package com.polaris.operator.support;

import com.polaris.operator.Ids;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.RecordTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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

    private final RecordTable<SupportTask> table;

    SupportTasks(JdbcClient jdbc, Clock clock) {
        this.table = new RecordTable<>(
                jdbc,
                clock,
                "support_tasks",
                "id, title, description, priority, status, action_id, conversation_id, created_at",
                SupportTasks::map,
                SupportTask::id);
    }

    /** Opens the task of an action, or returns the one that action already opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public SupportTask open(NewSupportTask task) {
        var row = new SupportTask(
                Ids.next("task"),
                task.title(),
                task.description(),
                task.priority(),
                OPEN,
                task.actionId(),
                task.conversationId(),
                table.now());
        return table.insertOnce(
                task.workspaceId(),
                task.actionId(),
                row,
                row.id(),
                row.title(),
                row.description(),
                row.priority().wire(),
                row.status(),
                row.actionId(),
                row.conversationId(),
                row.createdAt());
    }

    public Optional<SupportTask> find(String workspaceId, String id) {
        return table.find(workspaceId, id);
    }

    /** A page of the workspace's tasks, newest first, of one conversation when {@code conversationId} is not null. */
    public Page<SupportTask> list(String workspaceId, @Nullable String conversationId, PageRequest page) {
        return table.list(workspaceId, conversationId, page);
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
