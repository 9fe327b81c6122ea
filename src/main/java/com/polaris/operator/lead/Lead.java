package com.polaris.operator.lead;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A person interested in the business, and the action (and conversation) that recorded them. */
public record Lead(
        String id,
        String name,
        @Nullable String email,
        @Nullable String phone,
        @Nullable String company,
        @Nullable String notes,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt) {}
