package com.polaris.operator.web;

import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;

/**
 * The member using the console on this request, read fresh from the database: the {@link Caller}
 * every service call is made as (so the API's role and tenant rules apply unchanged), and what the
 * pages need to know to hide what the member may not do.
 */
record ConsoleMember(Caller caller, String email, Role role) {

    public String name() {
        return caller.name();
    }

    public String id() {
        return caller.id();
    }

    public String workspaceId() {
        return caller.workspaceId();
    }

    public boolean canDecide() {
        return role.canDecideApprovals();
    }

    public boolean canConfigure() {
        return role.canConfigure();
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }

    public String roleName() {
        return role.wire();
    }
}
