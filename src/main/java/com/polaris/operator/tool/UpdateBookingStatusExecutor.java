package com.polaris.operator.tool;

import com.polaris.operator.booking.BookingStatus;
import com.polaris.operator.booking.Bookings;
import com.polaris.operator.booking.StatusUpdate;
import com.polaris.operator.catalog.BuiltInTool;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code update_booking_status}: moves a booking of the action's workspace to a new status, answers
 * {@code {"bookingId","status"}}. An unknown booking or a change its status does not allow fails for
 * good: retrying would not make it valid.
 */
@Component
class UpdateBookingStatusExecutor extends RecordingExecutor {

    private final Bookings bookings;

    UpdateBookingStatusExecutor(Bookings bookings) {
        super(BuiltInTool.UPDATE_BOOKING_STATUS);
        this.bookings = bookings;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        String bookingId = arguments.required("bookingId");
        BookingStatus status = arguments.status(BookingStatus::parse, "a booking status");
        return switch (bookings.changeStatus(run.workspaceId(), run.actionId(), bookingId, status)) {
            case StatusUpdate.Changed changed ->
                new ToolResult.Success(Map.of(
                        "bookingId",
                        changed.bookingId(),
                        "status",
                        changed.status().wire()));
            case StatusUpdate.NotFound notFound ->
                ToolResult.Failure.permanent(
                        "booking_not_found", "There is no booking " + notFound.bookingId() + " in this workspace.");
            case StatusUpdate.NotAllowed notAllowed ->
                ToolResult.Failure.permanent(
                        "invalid_booking_transition",
                        "A booking that is " + notAllowed.from().wire() + " cannot become "
                                + notAllowed.to().wire() + ".");
        };
    }
}
