package com.polaris.operator.insight;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one tool's proposals of a period fared; README "Insights" defines each figure. {@code
 * suggestion} is advice for a person, never applied by itself.
 */
public record ToolInsight(
        String tool,
        long proposals,
        long approvalsAsked,
        long approved,
        long approvedUnedited,
        long edited,
        long rejected,
        long expired,
        @Nullable Long medianSecondsToDecision,
        long completed,
        long failed,
        long needsReview,
        List<RejectionReason> topRejectionReasons,
        @Nullable Suggestion suggestion) {

    /** A reason reviewers gave when rejecting, and how many of the period's proposals it rejected. */
    public record RejectionReason(String reason, long count) {}

    /** A change of the tool's review a person might make: {@code relax_review} or {@code add_review}. */
    public record Suggestion(String kind, String text, String evidence) {}
}
