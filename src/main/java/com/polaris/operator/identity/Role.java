package com.polaris.operator.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's role in a workspace. Owners and admins configure; reviewers decide approvals; viewers read. */
public enum Role {
    OWNER,
    ADMIN,
    REVIEWER,
    VIEWER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown role " + value));
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst();
    }

    public boolean canDecideApprovals() {
        return this != VIEWER;
    }

    public boolean canConfigure() {
        return this == OWNER || this == ADMIN;
    }
}
