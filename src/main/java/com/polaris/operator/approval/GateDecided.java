package com.polaris.operator.approval;

/**
 * What became of a gate: {@link ApprovalGranted}, {@link ApprovalRejected} or {@link ApprovalExpired},
 * published inside the transaction that decided it. The module whose {@link #subject} waits on
 * the gate handles all three in one listener, so a subject that no longer waits for this gate is
 * refused ({@link GateClosed}) in one place whatever was decided.
 */
public sealed interface GateDecided permits ApprovalGranted, ApprovalRejected, ApprovalExpired {

    String workspaceId();

    String approvalId();

    String subjectId();

    GateSubject subject();
}
