package com.polaris.operator.secret;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What may be shown of a secret: its name and dates, never its value. */
public record SecretInfo(
        String name,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant lastUsedAt) {}
