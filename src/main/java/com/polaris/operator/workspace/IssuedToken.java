package com.polaris.operator.workspace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A personal access token or integration key just made: the only time the token itself is shown. */
public record IssuedToken(
        String id,
        String workspaceId,
        String name,
        String token,
        @Nullable Instant expiresAt) {}
