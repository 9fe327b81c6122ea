package com.polaris.operator.policy;

import com.polaris.operator.identity.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may decide a tool's approvals: members holding one of {@code roles}, and the members named by
 * email in {@code members} whatever their role; {@code quorum} of them (distinct, never the
 * requester) must approve.
 */
public record Reviewers(Set<Role> roles, List<String> members, int quorum) {

    public static final int MAX_QUORUM = 20;
    public static final int MAX_MEMBERS = 50;

    /** What decides when a policy names no reviewers: any owner, admin or reviewer, one of them. */
    public static final Reviewers DEFAULT =
            new Reviewers(EnumSet.of(Role.OWNER, Role.ADMIN, Role.REVIEWER), List.of(), 1);

    /** Who decides a route that failed to evaluate: owners and admins, never a laxer set. */
    public static final Reviewers OWNERS_AND_ADMINS = new Reviewers(EnumSet.of(Role.OWNER, Role.ADMIN), List.of(), 1);

    public Reviewers {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        members = List.copyOf(members);
        if (quorum < 1 || quorum > MAX_QUORUM) {
            throw new IllegalArgumentException("quorum must be between 1 and " + MAX_QUORUM);
        }
    }

    /** The roles in a stable order (owner, admin, reviewer). */
    public List<Role> orderedRoles() {
        return roles.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(roles));
    }
}
