package com.polaris.operator.booking;

/** What asking a booking to change status came to. */
public sealed interface StatusUpdate {

    /** The booking now has {@code status} (perhaps it already had). */
    record Changed(String bookingId, BookingStatus status) implements StatusUpdate {}

    /** No booking of that id in the workspace. */
    record NotFound(String bookingId) implements StatusUpdate {}

    /** The booking's status does not allow the change. */
    record NotAllowed(String bookingId, BookingStatus from, BookingStatus to) implements StatusUpdate {}
}
