package com.polaris.operator.approval;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import com.polaris.operator.job.Jobs;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.workspace.MemberChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approval as a gate that a subject (an action or a batch) opens and people decide. Each gate keeps who may
 * decide it (the reviewers its policy or route named, resolved to members when it opens and
 * whenever a member's role changes) and how many distinct members must approve; the requester
 * never decides, one rejection ends it, and an edit starts the count again on the new version.
 * Every decision holds the gate's row lock, so concurrent decisions are counted one at a time.
 *
 * <p>This module never calls its subjects. It announces a decision as an event ({@link
 * ApprovalGranted}, {@link ApprovalRejected}; {@link GateExpiry} announces {@link ApprovalExpired})
 * published inside the deciding transaction, which the subject's module handles synchronously, so the decided gate and
 * its subject's new state commit together or not at all. A subject that no longer waits for the
 * gate says so with {@link GateClosed}: the decision is then refused as already made. A subject
 * takes its own row lock before it asks for a decision, the same lock cancelling takes first, so
 * deciders and cancellers queue in one order and never deadlock.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ApprovalService {

    private final Approvals approvals;
    private final GateDecisions gateDecisions;
    private final Deciding deciding;
    private final Jobs jobs;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final JsonMapper json;

    /** Who decides after an edit of what is approved: the reviewers for the new content, and its summary. */
    public record Reroute(Reviewers reviewers, String summary) {}

    /** The outcome of one approval: whether it decided the gate, and how far the count has come. */
    public record Vote(boolean granted, int approvedBy, int required, int version) {}

    /** Opens a gate in the subject's transaction; it expires after {@code expiresAfter} unless decided. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void open(NewGate gate) {
        Instant expiresAt = gate.requestedAt().plus(gate.expiresAfter());
        var resolved = deciding.resolve(gate.workspaceId(), gate.reviewers(), gate.requestedById(), Set.of());
        approvals.insert(
                gate.id(),
                gate.workspaceId(),
                gate.subjectId(),
                gate.tool(),
                gate.requestedById(),
                gate.requestedAt(),
                expiresAt,
                gate.changes() == null ? null : json.writeValueAsString(gate.changes()),
                resolved.deciders(),
                gate.summary(),
                gate.subject());
        approvals.replaceReviewers(gate.workspaceId(), gate.id(), resolved.eligible());
        jobs.enqueue(gate.workspaceId(), GateExpiry.JOB, gate.id(), expiresAt);
        FollowUps.schedule(
                jobs,
                gate.workspaceId(),
                gate.id(),
                gate.requestedAt(),
                expiresAt,
                gate.remindAfter(),
                gate.escalateAfter());
        notice(
                gate.workspaceId(),
                ApprovalNotice.Kind.REQUESTED,
                gate.id(),
                gate.subjectId(),
                resolved.eligible(),
                "Waiting for your approval: " + gate.summary());
        if (resolved.eligible().size() < gate.reviewers().quorum()) {
            deciding.escalate(gate.workspaceId(), gate.id(), gate.requestedAt());
        }
    }

    /**
     * Applies a tool's policy as it now stands to one of its pending gates, in the subject's
     * transaction: who may decide it and how many must (approvals of members no longer eligible
     * stop counting), its summary, its expiry and its follow-ups not yet done. Approvals already
     * given on the current version keep counting; nothing already decided is undone.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reassess(
            String workspaceId,
            String approvalId,
            Reviewers reviewers,
            String summary,
            Duration expiresAfter,
            @Nullable Duration remindAfter,
            @Nullable Duration escalateAfter) {
        var row = approvals.lock(workspaceId, approvalId).orElse(null);
        if (row == null || !"pending".equals(row.status())) {
            return;
        }
        var resolved = deciding.resolve(workspaceId, reviewers, row.requestedById(), escalatedRoles(row));
        approvals.updateDeciders(approvalId, resolved.deciders(), row.version(), summary);
        var decided = gateDecisions.of(approvalId).stream()
                .filter(d -> d.version() == row.version())
                .map(GateDecisions.DecisionRow::memberId)
                .collect(java.util.stream.Collectors.toSet());
        approvals.replaceReviewers(
                workspaceId,
                approvalId,
                resolved.eligible().stream().filter(id -> !decided.contains(id)).toList());
        Instant expiresAt = row.requestedAt().plus(expiresAfter);
        if (!expiresAt.equals(row.expiresAt())) {
            approvals.mark(approvalId, Approvals.Moment.EXPIRES_AT, expiresAt);
            jobs.cancel(workspaceId, GateExpiry.JOB, approvalId);
            jobs.enqueue(workspaceId, GateExpiry.JOB, approvalId, expiresAt);
        }
        FollowUps.cancel(jobs, workspaceId, approvalId);
        FollowUps.schedule(
                jobs,
                workspaceId,
                approvalId,
                row.requestedAt(),
                expiresAt,
                row.remindedAt() == null ? remindAfter : null,
                row.escalatedAt() == null ? escalateAfter : null);
        if (resolved.eligible().size() < reviewers.quorum()) {
            deciding.escalate(workspaceId, approvalId, clock.instant());
        } else if (row.blocked()) {
            approvals.markBlocked(approvalId, false);
        }
    }

    /** Closes a pending gate whose subject was cancelled, in the subject's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void withdraw(String workspaceId, String approvalId) {
        approvals.decide(workspaceId, approvalId, "cancelled", clock.instant());
        jobs.cancel(workspaceId, GateExpiry.JOB, approvalId);
        FollowUps.cancel(jobs, workspaceId, approvalId);
    }

    /** The status of each of these gates (pending, approved, rejected, expired or cancelled), by id. */
    public Map<String, String> statuses(String workspaceId, Collection<String> approvalIds) {
        return approvals.statuses(workspaceId, approvalIds);
    }

    /**
     * Approves a pending gate in the subject's transaction, which holds the subject's row lock. With
     * {@code reroute} (the reviewer edited what is approved: {@code argumentsDiff} says how) the gate
     * starts a new version: reviewers are worked out again for the new content, earlier approvals
     * stop counting, and this approval counts as the first. A stale {@code version} is refused.
     * {@code contentDigest} is the subject's digest of what this decision approves (with the edit),
     * recorded with the decision and its diff.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Vote approve(
            Caller caller,
            String approvalId,
            @Nullable Integer version,
            @Nullable String comment,
            @Nullable Reroute reroute,
            @Nullable String argumentsDiff,
            @Nullable String contentDigest) {
        var row = decidable(caller, approvalId, version);
        Instant now = clock.instant();
        int current = row.version();
        if (reroute != null) {
            current++;
            var resolved = deciding.resolve(
                    caller.workspaceId(), reroute.reviewers(), row.requestedById(), escalatedRoles(row));
            approvals.updateDeciders(approvalId, resolved.deciders(), current, reroute.summary());
            approvals.replaceReviewers(caller.workspaceId(), approvalId, resolved.eligible());
            if (!resolved.eligible().contains(caller.id())) {
                throw ApiProblem.forbidden(
                        "After this edit the approval goes to other reviewers, and you are not one of them.");
            }
            var others = resolved.eligible().stream()
                    .filter(id -> !id.equals(caller.id()))
                    .toList();
            if (!others.isEmpty()) {
                events.publishEvent(new ApprovalNotice(
                        caller.workspaceId(),
                        ApprovalNotice.Kind.REQUESTED,
                        approvalId,
                        row.actionId(),
                        ApprovalNotice.Audience.members(Set.copyOf(others)),
                        "Changed by " + caller.name() + ", waiting for your approval: " + reroute.summary(),
                        current));
            }
        } else {
            requireReviewer(caller, row);
        }
        gateDecisions.add(
                approvalId,
                caller.workspaceId(),
                caller.id(),
                caller.name(),
                "approve",
                comment,
                argumentsDiff,
                contentDigest,
                current,
                now);
        approvals.removeReviewer(approvalId, caller.id());
        var updated = approvals.find(caller.workspaceId(), approvalId).orElseThrow();
        int approvedBy =
                deciding.approvedBy(updated, gateDecisions.of(approvalId), deciding.members(caller.workspaceId()));
        if (approvedBy < updated.required()) {
            return new Vote(false, approvedBy, updated.required(), current);
        }
        announce(new ApprovalGranted(
                caller.workspaceId(), approvalId, row.actionId(), caller.actor(), comment, row.subject()));
        approvals.decide(caller.workspaceId(), approvalId, "approved", now);
        jobs.cancel(caller.workspaceId(), GateExpiry.JOB, approvalId);
        FollowUps.cancel(jobs, caller.workspaceId(), approvalId);
        return new Vote(true, approvedBy, updated.required(), current);
    }

    /** Rejects a pending gate in the subject's transaction: one rejection by an eligible member ends it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reject(Caller caller, String approvalId, @Nullable Integer version, @Nullable String reason) {
        var row = decidable(caller, approvalId, version);
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.invalid("reason", "is required to reject");
        }
        if (reason.length() > 2000) {
            throw ApiProblem.invalid("reason", "must be at most 2000 characters");
        }
        requireReviewer(caller, row);
        Instant now = clock.instant();
        announce(new ApprovalRejected(
                caller.workspaceId(), approvalId, row.actionId(), caller.actor(), reason, row.subject()));
        approvals.decide(caller.workspaceId(), approvalId, "rejected", now);
        gateDecisions.add(
                approvalId,
                caller.workspaceId(),
                caller.id(),
                caller.name(),
                "reject",
                reason,
                null,
                null,
                row.version(),
                now);
        jobs.cancel(caller.workspaceId(), GateExpiry.JOB, approvalId);
        FollowUps.cancel(jobs, caller.workspaceId(), approvalId);
    }

    /** Which pending approvals a member may decide follows their role, in the transaction that changes it. */
    @EventListener
    void onMemberChanged(MemberChanged changed) {
        approvals.refreshMember(
                changed.workspaceId(),
                changed.memberId(),
                changed.role() == null ? null : changed.role().wire());
    }

    /**
     * Refuses (403) a caller who could never decide this gate, whatever its state: not a member, the
     * requester, or not among its reviewers. Checked before anything else about a decision, so
     * someone who may not decide learns nothing more (not whether it is decided, nor what is wrong
     * with an edit). Answers the gate's subject.
     */
    public String requireReviewer(Caller caller, String approvalId) {
        caller.requireMember();
        var row =
                approvals.find(caller.workspaceId(), approvalId).orElseThrow(() -> ApiProblem.notFound("The approval"));
        if (row.requestedById().equals(caller.id())) {
            throw ApiProblem.forbidden("You proposed this action, so someone else must decide it.");
        }
        var roles = java.util.Arrays.asList(row.reviewerRoles().split(","));
        var named = java.util.Arrays.asList(row.reviewerMembers().split(","));
        boolean reviewer =
                (caller.role() != null && roles.contains(caller.role().wire())) || named.contains(caller.id());
        if (!reviewer) {
            throw ApiProblem.forbidden("You are not among the reviewers of this approval.");
        }
        return row.actionId();
    }

    /** The gate, locked, if the caller may take part in deciding it at all. */
    private Approvals.ApprovalRow decidable(Caller caller, String approvalId, @Nullable Integer version) {
        caller.requireMember();
        var row =
                approvals.lock(caller.workspaceId(), approvalId).orElseThrow(() -> ApiProblem.notFound("The approval"));
        if (row.requestedById().equals(caller.id())) {
            throw ApiProblem.forbidden("You proposed this action, so someone else must decide it.");
        }
        if (!"pending".equals(row.status())) {
            throw alreadyDecided();
        }
        if (version != null && version != row.version()) {
            throw ApiProblem.conflict(
                    "approval-changed",
                    "This approval changed since you saw it (now version " + row.version()
                            + "); look at it again before you decide.");
        }
        return row;
    }

    private void requireReviewer(Caller caller, Approvals.ApprovalRow row) {
        if (approvals
                .decidable(caller.workspaceId(), caller.id(), List.of(row.id()))
                .isEmpty()) {
            boolean decided = gateDecisions.of(row.id()).stream()
                    .anyMatch(d -> d.memberId().equals(caller.id()) && d.version() == row.version());
            if (decided) {
                throw ApiProblem.conflict("already-decided", "You have already decided this version of the approval.");
            }
            throw ApiProblem.forbidden("You are not among the reviewers of this approval.");
        }
    }

    private static Set<Role> escalatedRoles(Approvals.ApprovalRow row) {
        return row.escalatedAt() == null ? Set.of() : EnumSet.of(Role.OWNER, Role.ADMIN);
    }

    private void notice(
            String workspaceId,
            ApprovalNotice.Kind kind,
            String approvalId,
            String subjectId,
            Collection<String> memberIds,
            String text) {
        if (!memberIds.isEmpty()) {
            events.publishEvent(new ApprovalNotice(
                    workspaceId,
                    kind,
                    approvalId,
                    subjectId,
                    ApprovalNotice.Audience.members(Set.copyOf(memberIds)),
                    text));
        }
    }

    /** Lets the subject act on a decision first; a subject that no longer waits makes it already decided. */
    private void announce(Object decision) {
        try {
            events.publishEvent(decision);
        } catch (GateClosed closed) {
            throw alreadyDecided();
        }
    }

    private static ApiProblem alreadyDecided() {
        return ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
    }
}
