package com.polaris.operator.insight;

import com.polaris.operator.insight.ToolInsight.Suggestion;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * When the figures support changing how a tool is reviewed. Only a suggestion: nothing here (or
 * anywhere in insights) changes a policy.
 *
 * <ul>
 *   <li>{@code relax_review}: at least {@link #MIN_DECISIONS} decisions, at least 98 % of them
 *       approved unedited, and no failed or needs-review run.
 *   <li>{@code add_review}: at least {@link #MIN_RUNS} runs of actions that asked no person, of
 *       which at least 10 % failed or need review.
 * </ul>
 */
final class Suggestions {

    static final int MIN_DECISIONS = 50;
    static final int MIN_RUNS = 20;

    private Suggestions() {}

    static @Nullable Suggestion of(ToolFigures f) {
        long decisions = f.decisions();
        if (decisions >= MIN_DECISIONS
                && f.approvedUnedited() * 100 >= decisions * 98
                && f.failed() == 0
                && f.needsReview() == 0) {
            return new Suggestion(
                    "relax_review",
                    "Reviewers approve " + f.tool()
                            + " almost always as proposed: it may be safe to relax review, for example with a"
                            + " conditional rule that asks a person only for unusual proposals.",
                    f.approvedUnedited() + " of " + decisions + " decisions approved unedited ("
                            + percent(f.approvedUnedited(), decisions) + "), " + f.edited() + " edited, "
                            + f.rejected() + " rejected; no failed or needs-review runs.");
        }
        if (f.unreviewedRuns() >= MIN_RUNS && f.unreviewedProblems() * 10 >= f.unreviewedRuns()) {
            return new Suggestion(
                    "add_review",
                    f.tool() + " runs without approval and often fails or needs review: consider asking a"
                            + " person before it runs.",
                    f.unreviewedProblems() + " of " + f.unreviewedRuns() + " runs without approval failed or need"
                            + " review (" + percent(f.unreviewedProblems(), f.unreviewedRuns()) + ").");
        }
        return null;
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f %%", part * 100.0 / whole);
    }
}
