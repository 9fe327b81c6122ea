package com.polaris.operator.policy;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the rules decided for one proposal: whether a person must approve it, how it runs, not
 * before when (business hours), and why, in words a person reads on the action.
 */
public record Decision(
        boolean approvalRequired,
        ExecutionMode execution,
        boolean businessHours,
        @Nullable Instant notBefore,
        List<String> reasons) {

    public Decision {
        reasons = List.copyOf(reasons);
    }
}
