package com.polaris.operator.booking;

import com.polaris.operator.Ids;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.RecordTable;
import com.polaris.operator.api.StatusHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bookings of each workspace and the history of their status. A booking and a status change
 * are each keyed by the action that made them (unique), so running that action again finds what it
 * did instead of doing it twice.
 */
@Repository
public class Bookings extends RecordTable<Booking> {

    private final StatusHistory<BookingStatus> history;

    Bookings(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "bookings", Booking.class);
        this.history = new StatusHistory<>(jdbc, "booking_status_changes", "booking_id", false, Bookings::parse);
    }

    /** Records the booking request of an action (status {@code requested}), or returns the one it already recorded. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Booking request(NewBooking booking) {
        Instant now = now();
        var row = new Booking(
                Ids.next("bkg"),
                booking.name(),
                booking.email(),
                booking.phone(),
                booking.service(),
                booking.requestedStart(),
                booking.notes(),
                BookingStatus.REQUESTED,
                booking.actionId(),
                booking.conversationId(),
                now,
                now);
        return insertOnce(booking.workspaceId(), row);
    }

    /**
     * Moves a booking of the workspace to {@code status} on behalf of an action, recording the change.
     * The booking row is locked first, so two concurrent changes are judged one after the other. If
     * the action already changed this booking, its earlier outcome is returned and nothing is written.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StatusUpdate changeStatus(String workspaceId, String actionId, String bookingId, BookingStatus status) {
        var earlier = history.madeBy(workspaceId, actionId);
        if (earlier.isPresent()) {
            return new StatusUpdate.Changed(
                    earlier.get().recordId(), earlier.get().to());
        }
        var current = lockedStatus(workspaceId, bookingId).map(Bookings::parse);
        if (current.isEmpty()) {
            return new StatusUpdate.NotFound(bookingId);
        }
        BookingStatus from = current.get();
        if (!from.canBecome(status)) {
            return new StatusUpdate.NotAllowed(bookingId, from, status);
        }
        Instant now = now();
        history.add(workspaceId, new StatusHistory.Change<>(actionId, bookingId, from, status, null, now));
        if (from != status) {
            setStatus(workspaceId, bookingId, status, now);
        }
        return new StatusUpdate.Changed(bookingId, status);
    }

    /** The status changes of a booking, oldest first. */
    public List<StatusChange> history(String workspaceId, String bookingId) {
        return history.of(workspaceId, bookingId).stream()
                .map(change -> new StatusChange(change.actionId(), change.from(), change.to(), change.changedAt()))
                .toList();
    }

    /** A page of the workspace's bookings, newest first, of one status and conversation when they are not null. */
    public Page<Booking> list(
            String workspaceId, @Nullable BookingStatus status, @Nullable String conversationId, PageRequest page) {
        return list(
                workspaceId,
                rows -> rows.where("status", status == null ? null : status.wire())
                        .where("conversation_id", conversationId),
                page);
    }

    private static BookingStatus parse(String wire) {
        return BookingStatus.parse(wire).orElseThrow(() -> new IllegalStateException("Unknown booking status " + wire));
    }
}
