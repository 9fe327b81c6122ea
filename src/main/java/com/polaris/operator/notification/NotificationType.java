package com.polaris.operator.notification;

import com.polaris.operator.api.WireName;
import java.util.Optional;

/**
 * What a notification is about: a {@code message} that {@code send_notification} left, or one of the
 * product's own notifications for members, named as API.md names them.
 */
public enum NotificationType implements WireName {
    MESSAGE("message"),
    APPROVAL_REQUESTED("approval.requested"),
    APPROVAL_REMINDER("approval.reminder"),
    APPROVAL_ESCALATED("approval.escalated"),
    APPROVAL_EXPIRED("approval.expired"),
    ACTION_FAILED("action.failed"),
    ACTION_NEEDS_REVIEW("action.needs_review");

    private final String wire;

    NotificationType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Optional<NotificationType> parse(String wire) {
        return WireName.parse(NotificationType.class, wire);
    }

    /** Whether a reviewer is also told by email (when they want it): something waits for a decision. */
    boolean emailed() {
        return this == APPROVAL_REQUESTED || this == APPROVAL_REMINDER || this == APPROVAL_ESCALATED;
    }
}
