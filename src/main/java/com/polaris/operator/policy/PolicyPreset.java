package com.polaris.operator.policy;

import java.util.List;

/**
 * A named starting point for a tool's policy, in words the business team reads in the console.
 * Choosing a preset saves nothing: the policy it holds still has to be PUT.
 */
public record PolicyPreset(String name, String title, String description, Policy policy) {

    public static final PolicyPreset SAFE_DEFAULT = new PolicyPreset(
            "safe_default",
            "Safe default",
            "A person approves every action before it runs, and it runs in the background at any time of day. "
                    + "Every tool starts with this until you change it.",
            Policy.SAFE_DEFAULT);

    public static final PolicyPreset INTERNAL_LOW_RISK = new PolicyPreset(
            "internal_low_risk",
            "Internal, low risk",
            "Actions run straight away without waiting for anyone. Meant for tools that only write records "
                    + "inside Polaris, such as tagging a conversation.",
            new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, false));

    public static final PolicyPreset BUSINESS_HOURS = new PolicyPreset(
            "business_hours",
            "Business hours",
            "A person approves every action, and it runs only while your business is open; "
                    + "anything approved outside business hours waits for the next opening.",
            new Policy(ApprovalRule.REQUIRED, ExecutionMode.BACKGROUND, true));

    public static final List<PolicyPreset> ALL = List.of(SAFE_DEFAULT, INTERNAL_LOW_RISK, BUSINESS_HOURS);
}
