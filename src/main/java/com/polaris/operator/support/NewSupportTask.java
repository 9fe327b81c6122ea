package com.polaris.operator.support;

import org.jspecify.annotations.Nullable;

/** What the {@code create_support_task} tool asks to open, for one action. */
public record NewSupportTask(
        String workspaceId,
        String actionId,
        String title,
        @Nullable String description,
        Priority priority,
        @Nullable String conversationId) {}
