package com.polaris.operator.notification;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message for the team, and the action (and conversation) that left it. {@code audience} is a role
 * name or a member's email; null means everyone in the workspace.
 */
public record Notification(
        String id,
        String message,
        @Nullable String audience,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt) {}
