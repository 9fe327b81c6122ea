package com.polaris.operator.support;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading support tasks: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/support-tasks")
class SupportTaskController {

    private final SupportTasks tasks;

    SupportTaskController(SupportTasks tasks) {
        this.tasks = tasks;
    }

    @GetMapping("/{id}")
    SupportTask one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return tasks.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Support task " + id));
    }

    @GetMapping
    Page<SupportTask> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return Page.read(
                cursor,
                limit,
                (after, size) -> tasks.list(caller.workspaceId(), conversationId, after, size + 1),
                SupportTask::id,
                Function.identity());
    }
}
