package com.polaris.operator.workspace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A token as it is listed: never the token itself, only its hint (prefix and last four
 * characters); {@code expiresAt} is null for a token that does not expire.
 */
public record TokenInfo(
        String id,
        String name,
        String hint,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {}
