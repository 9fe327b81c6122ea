package com.polaris.operator.action;

import com.polaris.operator.api.WireName;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an action stands, and the one table of where it may go from there (DESIGN.md, "State
 * machine of an action"). The last six are final: every action ends in one of them, and only a
 * retry leaves failed or needs_review. An internal tool runs in the transaction that starts it, so
 * its action goes from queued or scheduled straight to its outcome without being stored running.
 */
public enum ActionStatus implements WireName {
    PENDING_APPROVAL,
    SCHEDULED,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    NEEDS_REVIEW,
    REJECTED,
    EXPIRED,
    CANCELLED;

    public static Optional<ActionStatus> parse(String value) {
        return WireName.parse(ActionStatus.class, value);
    }

    public boolean isFinal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    private static final Map<ActionStatus, Set<ActionStatus>> NEXT = new EnumMap<>(ActionStatus.class);

    static {
        Set<ActionStatus> waitingToRun =
                EnumSet.of(SCHEDULED, QUEUED, RUNNING, COMPLETED, FAILED, NEEDS_REVIEW, PENDING_APPROVAL, CANCELLED);
        NEXT.put(PENDING_APPROVAL, EnumSet.of(SCHEDULED, QUEUED, REJECTED, EXPIRED, CANCELLED));
        NEXT.put(SCHEDULED, waitingToRun);
        NEXT.put(QUEUED, waitingToRun);
        NEXT.put(RUNNING, EnumSet.of(SCHEDULED, QUEUED, COMPLETED, FAILED, NEEDS_REVIEW, PENDING_APPROVAL));
        NEXT.put(COMPLETED, EnumSet.noneOf(ActionStatus.class));
        NEXT.put(FAILED, EnumSet.of(SCHEDULED, QUEUED, PENDING_APPROVAL));
        NEXT.put(NEEDS_REVIEW, EnumSet.of(SCHEDULED, QUEUED, PENDING_APPROVAL));
        for (ActionStatus end : EnumSet.of(REJECTED, EXPIRED, CANCELLED)) {
            NEXT.put(end, EnumSet.noneOf(ActionStatus.class));
        }
    }

    /**
     * Whether an action in this status may move to {@code next}. Scheduled and queued may move to
     * themselves: a run postponed to the next opening, a retry after backoff.
     */
    public boolean mayMoveTo(ActionStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether a person may cancel it: only while it waits for approval or for its run. */
    public boolean mayCancel() {
        return mayMoveTo(CANCELLED);
    }

    /** Whether a person may retry it: only after it failed or needs review. */
    public boolean mayRetry() {
        return this == FAILED || this == NEEDS_REVIEW;
    }

    /** Whether a job may start (or continue) its run: it waits for one, or a stopped node left it running. */
    public boolean mayStart() {
        return this == QUEUED || this == SCHEDULED || this == RUNNING;
    }
}
