package com.polaris.operator.approval;

import com.polaris.operator.identity.Role;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.workspace.Member;
import com.polaris.operator.workspace.Members;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may decide a gate: the reviewers a policy names, resolved to the workspace's members (never
 * the requester), and how the approvals given so far count (distinct members, on the current
 * version, still eligible now). Escalation adds owners and admins; a quorum out of reach even then
 * leaves the gate blocked until it expires.
 */
@Component
@RequiredArgsConstructor
class Deciding {

    private static final Set<Role> ESCALATION = EnumSet.of(Role.OWNER, Role.ADMIN);

    private final Approvals approvals;
    private final GateDecisions gateDecisions;
    private final Members members;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    /** The deciders to store with a gate, and the members who may decide it now. */
    record Resolved(Approvals.Deciders deciders, List<String> eligible) {}

    Resolved resolve(String workspaceId, Reviewers reviewers, String requesterId, Set<Role> extraRoles) {
        var roles = EnumSet.noneOf(Role.class);
        roles.addAll(reviewers.roles());
        roles.addAll(extraRoles);
        var named = new LinkedHashSet<String>();
        var eligible = new ArrayList<String>();
        for (Member member : members.all(workspaceId)) {
            boolean isNamed = reviewers.members().contains(member.email());
            if (isNamed) {
                named.add(member.id());
            }
            if ((isNamed || roles.contains(member.role())) && !member.id().equals(requesterId)) {
                eligible.add(member.id());
            }
        }
        var view = new LinkedHashMap<String, Object>();
        view.put("roles", roles.stream().map(Role::wire).toList());
        view.put("members", reviewers.members());
        var deciders = new Approvals.Deciders(
                roles.stream().map(Role::wire).collect(Collectors.joining(",")),
                String.join(",", named),
                json.writeValueAsString(view),
                reviewers.quorum());
        return new Resolved(deciders, eligible);
    }

    /**
     * Escalates a pending gate: owners and admins join its reviewers and are told. When even they
     * cannot reach its quorum, it is marked blocked and waits for its expiry.
     */
    void escalate(String workspaceId, String approvalId, Instant now) {
        var row = approvals.lock(workspaceId, approvalId).orElseThrow();
        if (!"pending".equals(row.status()) || row.escalatedAt() != null) {
            return;
        }
        var reviewers = stored(row);
        var resolved = resolve(workspaceId, reviewers, row.requestedById(), ESCALATION);
        approvals.updateDeciders(approvalId, resolved.deciders(), row.version(), null);
        var decidedNow = gateDecisions.of(approvalId).stream()
                .filter(d -> d.version() == row.version())
                .map(GateDecisions.DecisionRow::memberId)
                .collect(Collectors.toSet());
        var stillToDecide = resolved.eligible().stream()
                .filter(id -> !decidedNow.contains(id))
                .toList();
        approvals.replaceReviewers(workspaceId, approvalId, stillToDecide);
        approvals.mark(approvalId, Approvals.Moment.ESCALATED_AT, now);
        approvals.markBlocked(approvalId, resolved.eligible().size() < row.required());
        if (!stillToDecide.isEmpty()) {
            events.publishEvent(new ApprovalNotice(
                    workspaceId,
                    ApprovalNotice.Kind.ESCALATED,
                    approvalId,
                    row.actionId(),
                    ApprovalNotice.Audience.members(Set.copyOf(stillToDecide)),
                    "Escalated to owners and admins: "
                            + (row.summary() == null ? "an action waits for approval." : row.summary())));
        }
    }

    /** The role of each member of a workspace, by member id, read once for a page of gates. */
    record Roles(java.util.Map<String, Role> byMember) {}

    Roles members(String workspaceId) {
        var roles = new java.util.HashMap<String, Role>();
        members.all(workspaceId).forEach(m -> roles.put(m.id(), m.role()));
        return new Roles(roles);
    }

    /** How many distinct members who may still decide it have approved the gate's current version. */
    int approvedBy(Approvals.ApprovalRow row, Collection<GateDecisions.DecisionRow> decisions, Roles members) {
        var approvers = decisions.stream()
                .filter(d -> d.version() == row.version() && "approve".equals(d.decision()))
                .map(GateDecisions.DecisionRow::memberId)
                .collect(Collectors.toSet());
        if (approvers.isEmpty() || !"pending".equals(row.status())) {
            return approvers.size();
        }
        var roles = Arrays.asList(row.reviewerRoles().split(","));
        var named = Arrays.asList(row.reviewerMembers().split(","));
        return (int) approvers.stream()
                .filter(id -> members.byMember().containsKey(id))
                .filter(id -> roles.contains(members.byMember().get(id).wire()) || named.contains(id))
                .count();
    }

    ApprovalViews.ReviewersView view(Approvals.ApprovalRow row) {
        if (row.reviewers() == null) {
            return new ApprovalViews.ReviewersView(
                    Arrays.stream(row.reviewerRoles().split(","))
                            .filter(r -> !r.isEmpty())
                            .toList(),
                    List.of());
        }
        var node = json.readTree(row.reviewers());
        var roles = new ArrayList<String>();
        node.get("roles").forEach(r -> roles.add(r.asString()));
        var emails = new ArrayList<String>();
        node.get("members").forEach(m -> emails.add(m.asString()));
        return new ApprovalViews.ReviewersView(roles, emails);
    }

    /** The reviewers stored with a gate, read back to resolve them again. */
    private Reviewers stored(Approvals.ApprovalRow row) {
        var view = view(row);
        var roles = EnumSet.noneOf(Role.class);
        view.roles().forEach(r -> Role.parse(r).ifPresent(roles::add));
        return new Reviewers(roles, view.members(), row.required());
    }
}
