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

    private static final String CHECKED_ONCE_APPROVED = "Runs only in business hours, checked again once approved";

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

    /** Decides a proposal of a tool whose policy has no {@code approvalWhen}. */
    public static Decision decide(
            ToolKind kind, Policy saved, boolean requestReview, BusinessHours hours, Instant now) {
        return decide(kind, saved, requestReview, null, hours, now);
    }

    /**
     * Decides a new proposal; {@code input} is what the policy's {@code approvalWhen} sees of it (a
     * policy with a condition and no input to test asks for approval). When approval is required,
     * timing is decided again once it is approved.
     */
    public static Decision decide(
            ToolKind kind,
            Policy saved,
            boolean requestReview,
            @Nullable ConditionInput input,
            BusinessHours hours,
            Instant now) {
        return decide(kind, saved, requestReview, false, input, hours, now);
    }

    /**
     * Decides a new proposal as above; {@code preparedByOperator}: the operator prepared it from a
     * conversation, so under the policy's {@code preparedByOperator: review} it waits for a person
     * whatever the approval rule says (customer text never runs a tool unreviewed by default).
     */
    public static Decision decide(
            ToolKind kind,
            Policy saved,
            boolean requestReview,
            boolean preparedByOperator,
            @Nullable ConditionInput input,
            BusinessHours hours,
            Instant now) {
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
                if (requestReview) {
                    reasons.add("The agent asked for a review (approval is optional for this tool)");
                    yield true;
                }
                if (saved.approvalWhen() == null) {
                    reasons.add("Approval is optional and no review was asked for");
                    yield false;
                }
                yield asksForApproval(saved.approvalWhen(), input, reasons);
            }
            case NONE -> {
                reasons.add("The tool's policy needs no approval");
                yield false;
            }
        };
        if (operatorReview(saved, preparedByOperator)) {
            reasons.add(OPERATOR_REVIEW);
            approval = true;
        }
        reasons.add(
                rules.execution() == ExecutionMode.IMMEDIATE
                        ? "Runs immediately"
                        : rules.forced().contains("execution")
                                ? "External tools always run in the background"
                                : "Runs in the background");
        Instant notBefore = null;
        if (rules.businessHours()) {
            if (approval) {
                reasons.add(CHECKED_ONCE_APPROVED);
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

    /** The reason an operator-prepared action waits for a person. */
    public static final String OPERATOR_REVIEW =
            "Prepared by the operator from a conversation: a person reviews it (preparedByOperator: review)";

    /**
     * Whether an action the operator prepared must wait for a person under {@code saved}: its
     * {@code preparedByOperator} is {@code review}. No standing approval takes such an action.
     */
    public static boolean operatorReview(Policy saved, boolean preparedByOperator) {
        return preparedByOperator && saved.preparedByOperator() == PreparedByOperator.REVIEW;
    }

    /**
     * A decision that asked for approval, taken instead by the standing approval {@code
     * standingApprovalId} whose use {@code use} of {@code maxUses} it is: no person is needed, and
     * the timing is decided now as for any action that needs no approval.
     */
    public static Decision approvedInAdvance(
            Decision asked,
            ToolKind kind,
            Policy saved,
            BusinessHours hours,
            Instant now,
            String standingApprovalId,
            int use,
            int maxUses) {
        EffectivePolicy rules = effective(kind, saved);
        List<String> reasons = new ArrayList<>();
        reasons.add("Approved in advance by standing approval " + standingApprovalId + " (use " + use + " of " + maxUses
                + ")");
        asked.reasons().stream().filter(r -> !r.equals(CHECKED_ONCE_APPROVED)).forEach(reasons::add);
        Instant notBefore = null;
        if (rules.businessHours()) {
            notBefore = notBefore(rules, hours, now);
            reasons.add(
                    notBefore == null
                            ? "Inside business hours"
                            : "Outside business hours: waits until the next window opens");
        }
        return new Decision(false, rules.execution(), rules.businessHours(), notBefore, reasons, standingApprovalId);
    }

    /**
     * Whether the policy's {@code approvalWhen} holds; one that cannot be evaluated asks for
     * approval (it fails closed), and the reasons say which it was.
     */
    private static boolean asksForApproval(String approvalWhen, @Nullable ConditionInput input, List<String> reasons) {
        String failure;
        if (input == null) {
            failure = "there was nothing to evaluate it on";
        } else {
            try {
                if (Condition.compile(approvalWhen).test(input)) {
                    reasons.add("The policy asks for approval when " + approvalWhen);
                    return true;
                }
                reasons.add("Approval is optional and the policy's condition (" + approvalWhen + ") does not hold");
                return false;
            } catch (ConditionFailed failed) {
                failure = failed.getMessage();
            }
        }
        reasons.add("The policy's condition (" + approvalWhen + ") could not be evaluated (" + failure
                + "), so a person must approve");
        return true;
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
