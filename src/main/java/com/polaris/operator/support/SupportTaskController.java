package com.polaris.operator.support;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.RecordEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading support tasks: every member and integration key of the workspace may. */
@RestController
@Tag(name = "Support tasks", description = "Support tasks that create_support_task made.")
@RequestMapping("/api/v1/support-tasks")
class SupportTaskController extends RecordEndpoints<SupportTask> {

    SupportTaskController(SupportTasks tasks) {
        super("Support task", tasks);
    }

    @Override
    @GetMapping("/{id}")
    @Operation(
            summary = "Read a support task",
            description = "A support task that create_support_task made; another workspace's is 404.")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"id": "task_01jdq8x6e7f8g9h0j1k2m3n4p5", "title": "Call Ana back about the quote", "description": null, "priority": "high", "status": "open", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81", "createdAt": "2026-11-23T10:15:31Z"}""")
    public SupportTask one(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId, @PathVariable String id) {
        return super.one(workspaceId, id);
    }

    @Override
    @GetMapping
    @Operation(
            summary = "List support tasks, newest first",
            description = "The workspace's support tasks, optionally of one conversation.")
    @ApiExamples(response = """
            {"items": [{"id": "task_01jdq8x6e7f8g9h0j1k2m3n4p5", "title": "Call Ana back about the quote", "description": null, "priority": "high", "status": "open", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81", "createdAt": "2026-11-23T10:15:31Z"}], "nextCursor": null}""")
    public Page<SupportTask> list(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return super.list(workspaceId, conversationId, page);
    }
}
