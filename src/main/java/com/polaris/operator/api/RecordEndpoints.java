package com.polaris.operator.api;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The read endpoints of the records a tool leaves (leads, support tasks, notifications): one by id,
 * and pages newest first, of one conversation when {@code ?conversationId=} is given. Every member
 * and integration key of the workspace may read them, each its own workspace's (the caller's
 * {@code workspaceId}); a controller names its path and its records.
 */
public abstract class RecordEndpoints<T extends Record> {

    private final String noun;
    private final RecordTable<T> records;

    /** {@code noun} names one record in a 404 ("Lead", "Support task"). */
    protected RecordEndpoints(String noun, RecordTable<T> records) {
        this.noun = noun;
        this.records = records;
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "Read one by id",
            description = "One record a tool left in the caller's workspace; another workspace's is 404.")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    public T one(@AuthenticationPrincipal(expression = "workspaceId()") String workspaceId, @PathVariable String id) {
        return records.find(workspaceId, id).orElseThrow(() -> ApiProblem.notFound(noun + " " + id));
    }

    @GetMapping
    @Operation(
            summary = "List, newest first",
            description = "The records tools left in the caller's workspace, optionally of one conversation.")
    public Page<T> list(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return records.list(workspaceId, conversationId, page);
    }
}
