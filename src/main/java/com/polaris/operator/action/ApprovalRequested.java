package com.polaris.operator.action;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that sends an action to a person: a proposal that needs approval,
 * or a retry or run whose content is no longer covered by an earlier approval. {@code changes} are
 * the argument changes since the content last approved (the diff reviewers see), or null.
 */
public record ApprovalRequested(
        String workspaceId,
        String approvalId,
        String actionId,
        String requestedById,
        Instant requestedAt,
        Instant expiresAt,
        @Nullable List<Map<String, Object>> changes) {}
