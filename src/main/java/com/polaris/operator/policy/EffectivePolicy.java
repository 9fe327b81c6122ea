package com.polaris.operator.policy;

import java.util.List;

/** The rules in force for a tool: the saved policy with the forced rules applied; {@code forced} names those. */
public record EffectivePolicy(
        ApprovalRule approval, ExecutionMode execution, boolean businessHours, List<String> forced) {

    public EffectivePolicy {
        forced = List.copyOf(forced);
    }
}
