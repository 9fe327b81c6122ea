package com.polaris.operator.lead;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A person interested in the business, where they stand in the sales pipeline, and the action (and
 * conversation) that recorded them.
 */
public record Lead(
        String id,
        String name,
        @Nullable String email,
        @Nullable String phone,
        @Nullable String company,
        @Nullable String notes,
        LeadStatus status,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt) {}
