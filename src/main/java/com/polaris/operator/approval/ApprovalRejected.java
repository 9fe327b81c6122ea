package com.polaris.operator.approval;

import com.polaris.operator.identity.Actor;

/** A person rejected the gate {@code approvalId} of {@code subjectId}. Published inside the deciding transaction. */
public record ApprovalRejected(
        String workspaceId, String approvalId, String subjectId, Actor reviewer, String reason, GateSubject subject)
        implements GateDecided {}
