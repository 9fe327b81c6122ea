package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every pair of statuses, allowed or refused, as DESIGN.md's state machine draws it. */
class ActionStatusTransitionsTest {

    /**
     * Rows: from; columns: to, in the enum's order (pending_approval, scheduled, queued, running,
     * completed, failed, needs_review, rejected, expired, cancelled). {@code x}: allowed.
     */
    private static final List<String> TABLE = List.of(
            "pending_approval . x x . . . . x x x",
            "scheduled        x x x x x x x . . x",
            "queued           x x x x x x x . . x",
            "running          x x x . x x x . . .",
            "completed        . . . . . . . . . .",
            "failed           x x x . . . . . . .",
            "needs_review     x x x . . . . . . .",
            "rejected         . . . . . . . . . .",
            "expired          . . . . . . . . . .",
            "cancelled        . . . . . . . . . .");

    @Test
    void everyPairOfStatusesIsAllowedOrRefusedAsTheTableSays() {
        ActionStatus[] statuses = ActionStatus.values();
        assertThat(TABLE).hasSize(statuses.length);
        int checked = 0;
        for (String row : TABLE) {
            String[] cells = row.trim().split("\\s+");
            ActionStatus from = ActionStatus.parse(cells[0]).orElseThrow();
            assertThat(cells).hasSize(statuses.length + 1);
            for (ActionStatus to : statuses) {
                boolean allowed = cells[to.ordinal() + 1].equals("x");
                assertThat(from.mayMoveTo(to))
                        .as("%s -> %s", from.wire(), to.wire())
                        .isEqualTo(allowed);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(statuses.length * statuses.length);
    }

    @Test
    void finalStatusesGoNowhere() {
        Arrays.stream(ActionStatus.values())
                .filter(s -> s.isFinal() && !s.mayRetry())
                .forEach(end -> Arrays.stream(ActionStatus.values())
                        .forEach(to -> assertThat(end.mayMoveTo(to))
                                .as("%s -> %s", end.wire(), to.wire())
                                .isFalse()));
    }

    @Test
    void onlyWaitingActionsMayBeCancelledAndOnlyFailedOrUncertainOnesRetried() {
        assertThat(Arrays.stream(ActionStatus.values()).filter(ActionStatus::mayCancel))
                .containsExactly(ActionStatus.PENDING_APPROVAL, ActionStatus.SCHEDULED, ActionStatus.QUEUED);
        assertThat(Arrays.stream(ActionStatus.values()).filter(ActionStatus::mayRetry))
                .containsExactly(ActionStatus.FAILED, ActionStatus.NEEDS_REVIEW);
        assertThat(Arrays.stream(ActionStatus.values()).filter(ActionStatus::mayStart))
                .containsExactly(ActionStatus.SCHEDULED, ActionStatus.QUEUED, ActionStatus.RUNNING);
    }

    @Test
    void aFinishedActionCameFromARunOrAPendingApprovalOnly() {
        assertThat(Arrays.stream(ActionStatus.values()).filter(s -> s.mayMoveTo(ActionStatus.COMPLETED)))
                .containsExactly(ActionStatus.SCHEDULED, ActionStatus.QUEUED, ActionStatus.RUNNING);
        assertThat(Arrays.stream(ActionStatus.values()).filter(s -> s.mayMoveTo(ActionStatus.REJECTED)))
                .containsExactly(ActionStatus.PENDING_APPROVAL);
        assertThat(Arrays.stream(ActionStatus.values()).filter(s -> s.mayMoveTo(ActionStatus.EXPIRED)))
                .containsExactly(ActionStatus.PENDING_APPROVAL);
    }
}
