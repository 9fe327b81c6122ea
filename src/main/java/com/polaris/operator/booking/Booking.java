package com.polaris.operator.booking;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A request for a service at a time, and the action (and conversation) that made it. */
public record Booking(
        String id,
        String name,
        @Nullable String email,
        @Nullable String phone,
        String service,
        Instant requestedStart,
        @Nullable String notes,
        BookingStatus status,
        String actionId,
        @Nullable String conversationId,
        Instant createdAt,
        Instant updatedAt) {}
