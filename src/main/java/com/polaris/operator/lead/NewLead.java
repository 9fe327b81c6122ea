package com.polaris.operator.lead;

import org.jspecify.annotations.Nullable;

/** What the {@code create_lead} tool asks to record, for one action. */
public record NewLead(
        String workspaceId,
        String actionId,
        String name,
        @Nullable String email,
        @Nullable String phone,
        @Nullable String company,
        @Nullable String notes,
        @Nullable String conversationId) {}
