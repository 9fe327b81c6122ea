package com.polaris.operator.approval;

/** Nobody decided the gate {@code approvalId} of {@code subjectId} in time. Published inside the expiring transaction. */
public record ApprovalExpired(String workspaceId, String approvalId, String subjectId, GateSubject subject)
        implements GateDecided {}
