package com.polaris.operator.support;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The support tasks of each workspace. A task is keyed by the action that opened it (unique), so
 * running that action again finds the task instead of opening a second one.
 */
@Repository
public class SupportTasks extends RecordTable<SupportTask> {

    static final String OPEN = "open";

    SupportTasks(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "support_tasks", SupportTask.class);
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
                now());
        return insertOnce(task.workspaceId(), row);
    }
}
