package com.polaris.operator.insight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The suggestion rule at its edges: how many decisions or runs, which share, which outcomes. */
class SuggestionsTest {

    static ToolFigures reviewed(long approved, long edited, long rejected, long failed, long needsReview) {
        return new ToolFigures(
                "create_lead",
                approved + rejected,
                approved + rejected,
                approved,
                edited,
                rejected,
                0,
                30L,
                approved - failed - needsReview,
                failed,
                needsReview,
                0,
                0);
    }

    static ToolFigures unreviewed(long completed, long problems) {
        return new ToolFigures(
                "send_notification",
                completed + problems,
                0,
                0,
                0,
                0,
                0,
                null,
                completed,
                problems,
                0,
                completed + problems,
                problems);
    }

    @Test
    void fiftyDecisionsWithNinetyEightPercentApprovedUneditedSuggestRelaxingReview() {
        var suggestion = Suggestions.of(reviewed(50, 1, 0, 0, 0));

        assertThat(suggestion).isNotNull();
        assertThat(suggestion.kind()).isEqualTo("relax_review");
        assertThat(suggestion.evidence())
                .isEqualTo("49 of 50 decisions approved unedited (98.0 %), 1 edited, 0 rejected;"
                        + " no failed or needs-review runs.");
    }

    @Test
    void fewerDecisionsALowerShareOrAnyFailureSuggestNothing() {
        assertThat(Suggestions.of(reviewed(49, 0, 0, 0, 0))).as("49 decisions").isNull();
        assertThat(Suggestions.of(reviewed(50, 2, 0, 0, 0))).as("96 % unedited").isNull();
        assertThat(Suggestions.of(reviewed(49, 0, 1, 0, 0)))
                .as("98 % unedited, one rejected")
                .isNotNull();
        assertThat(Suggestions.of(reviewed(48, 0, 2, 0, 0)))
                .as("96 % with two rejections")
                .isNull();
        assertThat(Suggestions.of(reviewed(60, 0, 0, 1, 0))).as("a failure").isNull();
        assertThat(Suggestions.of(reviewed(60, 0, 0, 0, 1)))
                .as("a run needing review")
                .isNull();
    }

    @Test
    void twentyRunsWithoutApprovalOfWhichTenPercentWentWrongSuggestAddingReview() {
        var suggestion = Suggestions.of(unreviewed(18, 2));

        assertThat(suggestion).isNotNull();
        assertThat(suggestion.kind()).isEqualTo("add_review");
        assertThat(suggestion.evidence()).isEqualTo("2 of 20 runs without approval failed or need review (10.0 %).");
        assertThat(Suggestions.of(unreviewed(17, 2))).as("19 runs").isNull();
        assertThat(Suggestions.of(unreviewed(29, 3))).as("9.4 %").isNull();
        assertThat(Suggestions.of(unreviewed(20, 0))).as("nothing went wrong").isNull();
    }
}
