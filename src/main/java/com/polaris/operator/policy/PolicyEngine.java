package com.polaris.operator.policy;

import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.workspace.BusinessHours;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The execution rules as pure functions of (tool, policy, request, schedule, now): no I/O, no
 * clock of its own, so every combination is tested without a database.
 */
public final class PolicyEngine {

    private PolicyEngine() {}

    /** The saved policy with the forced rules applied: external tools always need approval and run in the background. */
    public static EffectivePolicy effective(ToolKind kind, Policy saved) {
        if (kind == ToolKind.EXTERNAL) {
            return new EffectivePolicy(
                    ApprovalRule.REQUIRED,
                    ExecutionMode.BACKGROUND,
                    saved.businessHours(),
                    List.of("approval", "execution"));
        }
        return new EffectivePolicy(saved.approval(), saved.execution(), saved.businessHours(), List.of());
    }

    /** Decides a new proposal. When approval is required, timing is decided again once it is approved. */
    public static Decision decide(
            ToolKind kind, Policy saved, boolean requestReview, BusinessHours hours, Instant now) {
        EffectivePolicy rules = effective(kind, saved);
        List<String> reasons = new ArrayList<>();
        boolean approval = switch (rules.approval()) {
            case REQUIRED -> {
                reasons.add(
                        rules.forced().contains("approval")
                                ? "External tools always need a person's approval"
                                : "The tool's policy requires approval");
                yield true;
            }
            case OPTIONAL -> {
                reasons.add(
                        requestReview
                                ? "The agent asked for a review (approval is optional for this tool)"
                                : "Approval is optional and no review was asked for");
                yield requestReview;
            }
            case NONE -> {
                reasons.add("The tool's policy needs no approval");
                yield false;
            }
        };
        reasons.add(
                rules.execution() == ExecutionMode.IMMEDIATE
                        ? "Runs immediately"
                        : rules.forced().contains("execution")
                                ? "External tools always run in the background"
                                : "Runs in the background");
        Instant notBefore = null;
        if (rules.businessHours()) {
            if (approval) {
                reasons.add("Runs only in business hours, checked again once approved");
            } else {
                notBefore = notBefore(rules, hours, now);
                reasons.add(
                        notBefore == null
                                ? "Inside business hours"
                                : "Outside business hours: waits until the next window opens");
            }
        }
        return new Decision(approval, rules.execution(), rules.businessHours(), notBefore, reasons);
    }

    /**
     * When an action that is allowed to run may start: null for now, else the next opening of
     * business hours. An empty schedule never opens, so such an action waits a year and is refused then.
     */
    public static @Nullable Instant notBefore(EffectivePolicy rules, BusinessHours hours, Instant now) {
        if (!rules.businessHours() || hours.isOpen(now)) {
            return null;
        }
        return hours.nextOpening(now).orElse(now.plus(java.time.Duration.ofDays(366)));
    }
}
