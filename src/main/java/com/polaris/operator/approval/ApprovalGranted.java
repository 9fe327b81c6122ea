package com.polaris.operator.approval;

import com.polaris.operator.identity.Actor;
import org.jspecify.annotations.Nullable;

/**
 * The approvals of the gate {@code approvalId} of {@code subjectId} reached its quorum, the last by
 * {@code reviewer}; the subject's content is what they approved (an edit was applied before).
 * Published inside the deciding transaction.
 */
public record ApprovalGranted(
        String workspaceId,
        String approvalId,
        String subjectId,
        Actor reviewer,
        @Nullable String comment,
        GateSubject subject)
        implements GateDecided {}
