package com.polaris.operator.identity;

import org.jspecify.annotations.Nullable;

/** Who caused an audit event: a member, an integration key, or the system itself (a job, a bootstrap). */
public record Actor(
        String type, @Nullable String id, @Nullable String name) {

    public static final Actor SYSTEM = new Actor("system", null, "Polaris Operator");
}
