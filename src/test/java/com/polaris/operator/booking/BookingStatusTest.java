package com.polaris.operator.booking;

import static com.polaris.operator.booking.BookingStatus.CANCELLED;
import static com.polaris.operator.booking.BookingStatus.COMPLETED;
import static com.polaris.operator.booking.BookingStatus.CONFIRMED;
import static com.polaris.operator.booking.BookingStatus.NO_SHOW;
import static com.polaris.operator.booking.BookingStatus.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BookingStatusTest {

    private static EnumSet<BookingStatus> reachableFrom(BookingStatus from) {
        var reachable = EnumSet.noneOf(BookingStatus.class);
        Arrays.stream(BookingStatus.values()).filter(from::canBecome).forEach(reachable::add);
        return reachable;
    }

    @Test
    void aRequestIsConfirmedOrCancelled() {
        assertThat(reachableFrom(REQUESTED)).containsExactlyInAnyOrder(REQUESTED, CONFIRMED, CANCELLED);
    }

    @Test
    void aConfirmedBookingIsCompletedCancelledOrMissed() {
        assertThat(reachableFrom(CONFIRMED)).containsExactlyInAnyOrder(CONFIRMED, COMPLETED, CANCELLED, NO_SHOW);
    }

    @Test
    void finishedBookingsOnlyStayWhereTheyAre() {
        assertThat(reachableFrom(CANCELLED)).containsExactly(CANCELLED);
        assertThat(reachableFrom(COMPLETED)).containsExactly(COMPLETED);
        assertThat(reachableFrom(NO_SHOW)).containsExactly(NO_SHOW);
    }

    @Test
    void wireNamesMatchTheContract() {
        assertThat(Arrays.stream(BookingStatus.values()).map(BookingStatus::wire))
                .containsExactly("requested", "confirmed", "cancelled", "completed", "no_show");
        assertThat(BookingStatus.parse("no_show")).contains(NO_SHOW);
        assertThat(BookingStatus.parse("NO_SHOW")).isEmpty();
    }
}
