package com.polaris.operator.booking;

import com.polaris.operator.Ids;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.RecordTable;
import java.sql.Timestamp;
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

    private final JdbcClient jdbc;

    Bookings(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "bookings", Booking.class);
        this.jdbc = jdbc;
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
        var earlier = jdbc.sql("""
                        select booking_id, to_status from booking_status_changes
                        where workspace_id = ? and action_id = ?""")
                .params(workspaceId, actionId)
                .query((rs, n) -> new StatusUpdate.Changed(rs.getString(1), parse(rs.getString(2))))
                .optional();
        if (earlier.isPresent()) {
            return earlier.get();
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
        jdbc.sql("""
                        insert into booking_status_changes (action_id, workspace_id, booking_id, from_status, to_status,
                            changed_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(actionId, workspaceId, bookingId, from.wire(), status.wire(), Timestamp.from(now))
                .update();
        if (from != status) {
            jdbc.sql("update bookings set status = ?, updated_at = ? where workspace_id = ? and id = ?")
                    .params(status.wire(), Timestamp.from(now), workspaceId, bookingId)
                    .update();
        }
        return new StatusUpdate.Changed(bookingId, status);
    }

    /** The status changes of a booking, oldest first. */
    public List<StatusChange> history(String workspaceId, String bookingId) {
        return jdbc.sql("""
                        select action_id, from_status, to_status, changed_at from booking_status_changes
                        where workspace_id = ? and booking_id = ? order by changed_at, action_id""")
                .params(workspaceId, bookingId)
                .query((rs, n) -> new StatusChange(
                        rs.getString(1),
                        parse(rs.getString(2)),
                        parse(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
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
