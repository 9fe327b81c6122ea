package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.support.NewSupportTask;
import com.polaris.operator.support.Priority;
import com.polaris.operator.support.SupportTask;
import com.polaris.operator.support.SupportTasks;
import org.springframework.stereotype.Component;

/** {@code create_support_task}: opens a task (priority {@code normal} unless given), answers {@code {"taskId"}}. */
@Component
class CreateSupportTaskExecutor extends RecordingExecutor {

    private final SupportTasks tasks;

    CreateSupportTaskExecutor(SupportTasks tasks) {
        super(BuiltInTool.CREATE_SUPPORT_TASK);
        this.tasks = tasks;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        String given = arguments.text("priority");
        Priority priority = given == null
                ? Priority.NORMAL
                : Priority.parse(given)
                        .orElseThrow(() -> new Arguments.Invalid(
                                "priority " + given + " is not one of low, normal, high, urgent"));
        SupportTask task = tasks.open(new NewSupportTask(
                run.workspaceId(),
                run.actionId(),
                arguments.required("title"),
                arguments.text("description"),
                priority,
                run.conversationId()));
        return recorded("taskId", task.id());
    }
}
