package com.polaris.operator.approval;

import com.polaris.operator.policy.Reviewers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a subject asks for when it opens a gate. */
public record NewGate(
        String id,
        String workspaceId,
        String subjectId,
        String tool,
        String requestedById,
        Instant requestedAt,
        Duration expiresAfter,
        @Nullable Duration remindAfter,
        @Nullable Duration escalateAfter,
        @Nullable List<Map<String, Object>> changes,
        Reviewers reviewers,
        String summary,
        GateSubject subject) {}
