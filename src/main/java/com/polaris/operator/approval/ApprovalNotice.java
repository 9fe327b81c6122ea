package com.polaris.operator.approval;

import com.polaris.operator.identity.Role;
import java.util.Set;

/**
 * People should hear about the approval {@code approvalId} of {@code subjectId}: it was requested,
 * it still waits (a reminder), it was escalated, or it expired. Published inside the transaction
 * that caused it, so a rolled-back approval tells nobody; {@code text} is a plain sentence for the
 * people in {@code audience}. {@code version} is the version of what is approved: a reviewer's edit
 * asks the others again about the new one.
 */
public record ApprovalNotice(
        String workspaceId,
        Kind kind,
        String approvalId,
        String subjectId,
        Audience audience,
        String text,
        int version) {

    /** A notice about the first version of what is approved. */
    public ApprovalNotice(
            String workspaceId, Kind kind, String approvalId, String subjectId, Audience audience, String text) {
        this(workspaceId, kind, approvalId, subjectId, audience, text, 1);
    }

    /** What happened; the notification module names each as one of its notification types. */
    public enum Kind {
        REQUESTED,
        REMINDER,
        ESCALATED,
        EXPIRED
    }

    /**
     * Who should hear: the active members holding one of {@code roles} and the members named in
     * {@code memberIds}, except those in {@code excludedMemberIds} (the requester of an approval, who
     * never decides it).
     */
    public record Audience(Set<Role> roles, Set<String> memberIds, Set<String> excludedMemberIds) {

        public Audience {
            roles = Set.copyOf(roles);
            memberIds = Set.copyOf(memberIds);
            excludedMemberIds = Set.copyOf(excludedMemberIds);
        }

        /** Just these members, whatever their role. */
        public static Audience members(Set<String> memberIds) {
            return new Audience(Set.of(), memberIds, Set.of());
        }
    }
}
