package com.polaris.operator.api;

import java.util.Optional;
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
public abstract class RecordEndpoints<T> {

    /** One record of a workspace by id. */
    @FunctionalInterface
    protected interface Find<T> {
        Optional<T> find(String workspaceId, String id);
    }

    /** A page of a workspace's records, of one conversation when it is not null. */
    @FunctionalInterface
    protected interface Pages<T> {
        Page<T> list(String workspaceId, @Nullable String conversationId, PageRequest page);
    }

    private final String noun;
    private final Find<T> find;
    private final Pages<T> list;

    /** {@code noun} names one record in a 404 ("Lead", "Support task"). */
    protected RecordEndpoints(String noun, Find<T> find, Pages<T> list) {
        this.noun = noun;
        this.find = find;
        this.list = list;
    }

    @GetMapping("/{id}")
    public T one(@AuthenticationPrincipal(expression = "workspaceId()") String workspaceId, @PathVariable String id) {
        return find.find(workspaceId, id).orElseThrow(() -> ApiProblem.notFound(noun + " " + id));
    }

    @GetMapping
    public Page<T> list(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return list.list(workspaceId, conversationId, page);
    }
}
