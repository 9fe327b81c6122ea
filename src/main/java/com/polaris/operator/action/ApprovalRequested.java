package com.polaris.operator.action;

import java.time.Instant;

/** Published inside the proposal's transaction when an action must wait for a person's decision. */
public record ApprovalRequested(String workspaceId, String approvalId, String actionId, String requestedById,
        Instant requestedAt, Instant expiresAt) {}
