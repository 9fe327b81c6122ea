package com.polaris.operator.tool;

import com.polaris.operator.booking.Booking;
import com.polaris.operator.booking.Bookings;
import com.polaris.operator.booking.NewBooking;
import com.polaris.operator.catalog.BuiltInTool;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code booking_request}: records a booking in status {@code requested}, answers {@code {"bookingId"}}. */
@Component
class BookingRequestExecutor extends RecordingExecutor {

    private final Bookings bookings;

    BookingRequestExecutor(Bookings bookings) {
        super(BuiltInTool.BOOKING_REQUEST);
        this.bookings = bookings;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        Arguments.Contact contact = arguments.contact();
        Booking booking = bookings.request(new NewBooking(
                run.workspaceId(),
                run.actionId(),
                arguments.required("name"),
                contact.email(),
                contact.phone(),
                arguments.required("service"),
                start(arguments.required("requestedStart")),
                arguments.text("notes"),
                run.conversationId()));
        return recorded("bookingId", booking.id());
    }

    /** RFC 3339 allows a lower-case {@code t} and {@code z}; java.time wants them upper-case. */
    private static Instant start(String value) {
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new Arguments.Invalid("requestedStart must be a date-time with an offset, e.g. 2026-11-23T10:15:30Z");
        }
    }
}
