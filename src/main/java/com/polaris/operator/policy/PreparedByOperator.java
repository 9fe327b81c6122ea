package com.polaris.operator.policy;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/**
 * How a tool treats an action the operator prepared from a conversation: {@code review} (the default)
 * makes it wait for a person even when the tool needs no approval, because customer text must not run
 * a tool unreviewed; {@code policy} decides it by the tool's policy like any other proposal.
 */
public enum PreparedByOperator implements WireName {
    REVIEW,
    POLICY;

    public static Optional<PreparedByOperator> parse(String value) {
        return WireName.parse(PreparedByOperator.class, value);
    }
}
