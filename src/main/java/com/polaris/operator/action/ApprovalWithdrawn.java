package com.polaris.operator.action;

/** Published inside the transaction that cancels an action still waiting for approval. */
public record ApprovalWithdrawn(String workspaceId, String approvalId, String actionId) {}
