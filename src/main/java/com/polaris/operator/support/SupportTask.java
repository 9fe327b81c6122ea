package com.polaris.operator.support;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A follow-up for the team, and the action (and conversation) that opened it. New tasks are {@code open}. */
public record SupportTask(
        String id,
        String title,
        @Nullable String description,
        Priority priority,
        String status,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt) {}
