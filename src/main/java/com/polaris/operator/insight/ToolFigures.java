package com.polaris.operator.insight;

import org.jspecify.annotations.Nullable;

/**
 * The counts of one tool over a period as the database adds them up: the published figures, and
 * the runs of actions that asked no person ({@code unreviewedRuns}, of which {@code unreviewedProblems}
 * failed or need review), which only the suggestion rule reads.
 */
record ToolFigures(
        String tool,
        long proposals,
        long approvalsAsked,
        long approved,
        long edited,
        long rejected,
        long expired,
        @Nullable Long medianSecondsToDecision,
        long completed,
        long failed,
        long needsReview,
        long unreviewedRuns,
        long unreviewedProblems) {

    long approvedUnedited() {
        return approved - edited;
    }

    /** Decisions people made: approvals and rejections (an expiry is nobody's decision). */
    long decisions() {
        return approved + rejected;
    }
}
