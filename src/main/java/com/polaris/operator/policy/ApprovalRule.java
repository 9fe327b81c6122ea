package com.polaris.operator.policy;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/** Whether a tool's actions wait for a person: always, when the agent asks for review, or never. */
public enum ApprovalRule implements WireName {
    REQUIRED,
    OPTIONAL,
    NONE;

    public static Optional<ApprovalRule> parse(String value) {
        return WireName.parse(ApprovalRule.class, value);
    }
}
