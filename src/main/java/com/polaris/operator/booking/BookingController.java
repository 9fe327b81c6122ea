package com.polaris.operator.booking;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading bookings: every member and integration key of the workspace may. One booking shows its status history. */
@RestController
@RequestMapping("/api/v1/bookings")
class BookingController {

    private final Bookings bookings;

    BookingController(Bookings bookings) {
        this.bookings = bookings;
    }

    /** One booking as a list shows it, with its status changes, oldest first. */
    record BookingDetail(@JsonUnwrapped Booking booking, List<StatusChange> statusChanges) {}

    @GetMapping("/{id}")
    BookingDetail one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Booking booking =
                bookings.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Booking " + id));
        return new BookingDetail(booking, bookings.history(caller.workspaceId(), id));
    }

    @GetMapping
    Page<Booking> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        BookingStatus wanted = status == null
                ? null
                : BookingStatus.parse(status)
                        .orElseThrow(() -> ApiProblem.badParameter(
                                "status must be one of requested, confirmed, cancelled, completed, no_show."));
        return bookings.list(caller.workspaceId(), wanted, conversationId, page);
    }
}
