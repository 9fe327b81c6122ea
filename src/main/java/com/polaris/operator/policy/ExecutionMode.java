package com.polaris.operator.policy;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/** Whether a tool runs inside the proposing request or later, as a background job. */
public enum ExecutionMode implements WireName {
    IMMEDIATE,
    BACKGROUND;

    public static Optional<ExecutionMode> parse(String value) {
        return WireName.parse(ExecutionMode.class, value);
    }
}
