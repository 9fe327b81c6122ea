package com.polaris.operator.policy;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the rules decided for one proposal: whether a person must approve it, how it runs, not
 * before when (business hours), and why, in words a person reads on the action. {@code
 * standingApprovalId} names the standing approval that approved it in advance, if one did.
 */
public record Decision(
        boolean approvalRequired,
        ExecutionMode execution,
        boolean businessHours,
        @Nullable Instant notBefore,
        List<String> reasons,
        @Nullable String standingApprovalId) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    /** A decision no standing approval took part in. */
    public Decision(
            boolean approvalRequired,
            ExecutionMode execution,
            boolean businessHours,
            @Nullable Instant notBefore,
            List<String> reasons) {
        this(approvalRequired, execution, businessHours, notBefore, reasons, null);
    }
}
