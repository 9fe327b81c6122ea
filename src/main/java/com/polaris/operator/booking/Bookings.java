package com.polaris.operator.booking;

import com.polaris.operator.Ids;
import com.polaris.operator.api.NewestFirst;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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
public class Bookings {

    private static final String COLUMNS = "id, name, email, phone, service, requested_start, notes, status, action_id,"
            + " conversation_id, created_at, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    Bookings(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the booking request of an action (status {@code requested}), or returns the one it already recorded. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Booking request(NewBooking booking) {
        String id = Ids.next("bkg");
        Instant now = now();
        int inserted = jdbc.sql("""
                        insert into bookings (id, workspace_id, action_id, name, email, phone, service, requested_start,
                            notes, status, conversation_id, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        id,
                        booking.workspaceId(),
                        booking.actionId(),
                        booking.name(),
                        booking.email(),
                        booking.phone(),
                        booking.service(),
                        Timestamp.from(booking.requestedStart()),
                        booking.notes(),
                        BookingStatus.REQUESTED.wire(),
                        booking.conversationId(),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return byAction(booking.workspaceId(), booking.actionId()).orElseThrow();
        }
        return new Booking(
                id,
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
        var current = jdbc.sql("select status from bookings where workspace_id = ? and id = ? for update")
                .params(workspaceId, bookingId)
                .query((rs, n) -> parse(rs.getString(1)))
                .optional();
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

    public Optional<Booking> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + " from bookings where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(Bookings::map)
                .optional();
    }

    public Optional<Booking> byAction(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS + " from bookings where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query(Bookings::map)
                .optional();
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

    /** Newest first, after the booking {@code after} (exclusive), at most {@code limit} rows. */
    public List<Booking> list(
            String workspaceId,
            @Nullable BookingStatus status,
            @Nullable String conversationId,
            @Nullable String after,
            int limit) {
        return NewestFirst.from("bookings", COLUMNS, workspaceId)
                .where("status", status == null ? null : status.wire())
                .where("conversation_id", conversationId)
                .list(jdbc, after, limit, Bookings::map);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static BookingStatus parse(String wire) {
        return BookingStatus.parse(wire).orElseThrow(() -> new IllegalStateException("Unknown booking status " + wire));
    }

    private static Booking map(ResultSet rs, int row) throws SQLException {
        return new Booking(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("service"),
                rs.getTimestamp("requested_start").toInstant(),
                rs.getString("notes"),
                parse(rs.getString("status")),
                rs.getString("action_id"),
                rs.getString("conversation_id"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
