package com.polaris.operator.booking;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Caller;
import java.time.Instant;
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

    record BookingDetail(
            String id,
            String name,
            @Nullable String email,
            @Nullable String phone,
            String service,
            Instant requestedStart,
            @Nullable String notes,
            BookingStatus status,
            String actionId,
            @Nullable String conversationId,
            Instant createdAt,
            Instant updatedAt,
            List<StatusChange> statusChanges) {

        static BookingDetail of(Booking b, List<StatusChange> changes) {
            return new BookingDetail(
                    b.id(),
                    b.name(),
                    b.email(),
                    b.phone(),
                    b.service(),
                    b.requestedStart(),
                    b.notes(),
                    b.status(),
                    b.actionId(),
                    b.conversationId(),
                    b.createdAt(),
                    b.updatedAt(),
                    changes);
        }
    }

    @GetMapping("/{id}")
    BookingDetail one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Booking booking =
                bookings.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Booking " + id));
        return BookingDetail.of(booking, bookings.history(caller.workspaceId(), id));
    }

    @GetMapping
    Page<Booking> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        int size = Page.limit(limit);
        BookingStatus wanted = status == null
                ? null
                : BookingStatus.parse(status)
                        .orElseThrow(() -> ApiProblem.badParameter(
                                "status must be one of requested, confirmed, cancelled, completed, no_show."));
        return Page.of(
                bookings.list(caller.workspaceId(), wanted, conversationId, Page.after(cursor), size + 1),
                size,
                Booking::id,
                booking -> booking);
    }
}
