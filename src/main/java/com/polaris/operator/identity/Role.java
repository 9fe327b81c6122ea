package com.polaris.operator.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.polaris.operator.api.WireName;
import java.util.Optional;

/** A member's role in a workspace. Owners and admins configure; reviewers decide approvals; viewers read. */
public enum Role implements WireName {
    OWNER,
    ADMIN,
    REVIEWER,
    VIEWER;

    @JsonCreator
    public static Role fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown role " + value));
    }

    public static Optional<Role> parse(String value) {
        return WireName.parse(Role.class, value);
    }

    public boolean canDecideApprovals() {
        return this != VIEWER;
    }

    public boolean canConfigure() {
        return this == OWNER || this == ADMIN;
    }
}
