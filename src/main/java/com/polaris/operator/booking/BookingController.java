package com.polaris.operator.booking;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lombok.RequiredArgsConstructor;
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
@Tag(name = "Bookings", description = "Bookings that booking_request made.")
@RequiredArgsConstructor
class BookingController {

    private final Bookings bookings;

    /** One booking as a list shows it, with its status changes, oldest first. */
    record BookingDetail(@JsonUnwrapped Booking booking, List<StatusChange> statusChanges) {}

    @GetMapping("/{id}")
    @Operation(summary = "Read a booking", description = """
                    A booking that booking_request made, with its status changes (update_booking_status), \
                    oldest first.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"id": "bkg_01jdq8x5c7d8e9f0g1h2j3k4m5", "name": "Ana Ruiz", "email": "ana@example.com",
             "phone": null, "service": "Haircut", "requestedStart": "2026-11-25T16:00:00Z", "notes": null,
             "status": "confirmed", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z", "updatedAt": "2026-11-23T12:00:02Z",
             "statusChanges": [{"actionId": "act_01jdq9c1d2e3f4g5h6j7k8m9n0", "from": "requested",
                                "to": "confirmed", "changedAt": "2026-11-23T12:00:02Z"}]}""")
    BookingDetail one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Booking booking =
                bookings.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Booking " + id));
        return new BookingDetail(booking, bookings.history(caller.workspaceId(), id));
    }

    @GetMapping
    @Operation(
            summary = "List bookings, newest first",
            description = "The workspace's bookings, optionally of one status or one conversation.")
    @ProblemAnswers(ProblemType.BAD_PARAMETER)
    @ApiExamples(response = """
            {"items": [{"id": "bkg_01jdq8x5c7d8e9f0g1h2j3k4m5", "name": "Ana Ruiz", "email": "ana@example.com",
             "phone": null, "service": "Haircut", "requestedStart": "2026-11-25T16:00:00Z", "notes": null,
             "status": "requested", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z", "updatedAt": "2026-11-23T10:15:31Z"}], "nextCursor": null}""")
    Page<Booking> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false)
                    @Parameter(description = "requested, confirmed, cancelled, completed or no_show")
                    @Nullable
                    String status,
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
