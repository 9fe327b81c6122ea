package com.polaris.operator.policy;

import org.springframework.stereotype.Component;

/** Placeholder store, replaced by the full one. */
@Component
public class Policies {

    public record Current(Policy policy, int version, boolean enabled, boolean configured) {}

    public Current current(String workspaceId, String tool) {
        return new Current(Policy.SAFE_DEFAULT, 0, true, false);
    }
}
