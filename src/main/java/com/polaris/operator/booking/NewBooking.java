package com.polaris.operator.booking;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the {@code booking_request} tool asks to record, for one action. */
public record NewBooking(
        String workspaceId,
        String actionId,
        String name,
        @Nullable String email,
        @Nullable String phone,
        String service,
        Instant requestedStart,
        @Nullable String notes,
        @Nullable String conversationId) {}
