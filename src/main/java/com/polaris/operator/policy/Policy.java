package com.polaris.operator.policy;

/** A tool's execution rules, as saved (Policy JSON). */
public record Policy(ApprovalRule approval, ExecutionMode execution, boolean businessHours) {

    /** What a tool that has never been configured gets: approval required, background, any time. */
    public static final Policy SAFE_DEFAULT = new Policy(ApprovalRule.REQUIRED, ExecutionMode.BACKGROUND, false);
}
