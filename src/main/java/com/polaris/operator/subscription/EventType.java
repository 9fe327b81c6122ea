package com.polaris.operator.subscription;

import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.api.WireName;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The events a subscription may ask for, named as API.md names them, with the action status that
 * makes each happen. {@code batch.completed} has none: a batch sends it when every item's action has
 * ended.
 */
public enum EventType implements WireName {
    ACTION_COMPLETED("action.completed", ActionStatus.COMPLETED),
    ACTION_FAILED("action.failed", ActionStatus.FAILED),
    ACTION_NEEDS_REVIEW("action.needs_review", ActionStatus.NEEDS_REVIEW),
    ACTION_REJECTED("action.rejected", ActionStatus.REJECTED),
    ACTION_EXPIRED("action.expired", ActionStatus.EXPIRED),
    APPROVAL_REQUESTED("approval.requested", ActionStatus.PENDING_APPROVAL),
    BATCH_COMPLETED("batch.completed", null);

    private final String wire;
    private final @Nullable ActionStatus status;

    EventType(String wire, @Nullable ActionStatus status) {
        this.wire = wire;
        this.status = status;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Optional<EventType> parse(@Nullable String wire) {
        return WireName.parse(EventType.class, wire);
    }

    /** Every event's name, in the order API.md lists them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(EventType::wire).toList();
    }

    /** The event an action moving to {@code status} makes, if any. */
    static Optional<EventType> of(ActionStatus status) {
        return Arrays.stream(values()).filter(t -> t.status == status).findFirst();
    }
}
