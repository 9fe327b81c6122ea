package com.polaris.operator.tool;

import com.polaris.operator.booking.Booking;
import com.polaris.operator.booking.BookingStatus;
import com.polaris.operator.booking.Bookings;
import com.polaris.operator.booking.NewBooking;
import com.polaris.operator.booking.StatusUpdate;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.conversation.ConversationTags;
import com.polaris.operator.discount.Discount;
import com.polaris.operator.discount.Discounts;
import com.polaris.operator.discount.NewDiscount;
import com.polaris.operator.lead.Lead;
import com.polaris.operator.lead.LeadStatus;
import com.polaris.operator.lead.Leads;
import com.polaris.operator.lead.NewLead;
import com.polaris.operator.notification.Notification;
import com.polaris.operator.notification.Notifications;
import com.polaris.operator.support.NewSupportTask;
import com.polaris.operator.support.Priority;
import com.polaris.operator.support.SupportTask;
import com.polaris.operator.support.SupportTasks;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The internal built-in tools, each stated once: what it reads from its arguments, the workspace
 * record it writes and what it answers. A run writes inside the transaction that completes the
 * action (so the record and the action's new status commit together, or neither does) and keys what
 * it writes by the action id, so that a re-run finds the earlier record and answers the same result.
 * Arguments a tool cannot work with fail the run for good, with nothing written.
 */
@Component
@RequiredArgsConstructor
class RecordingTools {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Leads leads;
    private final Bookings bookings;
    private final SupportTasks tasks;
    private final Notifications notifications;
    private final ConversationTags conversationTags;
    private final Discounts discounts;

    /** Runs the internal tool {@code tool}; only inside the caller's transaction, which holds the action. */
    @Transactional(propagation = Propagation.MANDATORY)
    ToolResult run(BuiltInTool tool, ToolRun run) {
        var arguments = new Arguments(run.arguments());
        try {
            return switch (tool) {
                case CREATE_LEAD -> createLead(run, arguments);
                case BOOKING_REQUEST -> requestBooking(run, arguments);
                case UPDATE_BOOKING_STATUS -> updateBookingStatus(run, arguments);
                case CREATE_SUPPORT_TASK -> createSupportTask(run, arguments);
                case SEND_NOTIFICATION -> sendNotification(run, arguments);
                case TAG_CONVERSATION -> tagConversation(run, arguments);
                case APPLY_DISCOUNT -> applyDiscount(run, arguments);
                case UPDATE_LEAD_STATUS -> updateLeadStatus(run, arguments);
                case SEND_EMAIL, SEND_WHATSAPP_MESSAGE, GENERIC_WEBHOOK ->
                    throw new IllegalArgumentException(tool.wire() + " writes no workspace record");
            };
        } catch (Arguments.Invalid e) {
            return ToolResult.Failure.permanent("invalid_arguments", e.getMessage());
        }
    }

    /** {@code create_lead}: records the lead, answers {@code {"leadId"}}. */
    private ToolResult createLead(ToolRun run, Arguments arguments) {
        Arguments.Contact contact = arguments.contact();
        Lead lead = leads.record(new NewLead(
                run.workspaceId(),
                run.actionId(),
                arguments.required("name"),
                contact.email(),
                contact.phone(),
                arguments.text("company"),
                arguments.text("notes"),
                run.conversationId()));
        return recorded("leadId", lead.id());
    }

    /** {@code booking_request}: records a booking in status {@code requested}, answers {@code {"bookingId"}}. */
    private ToolResult requestBooking(ToolRun run, Arguments arguments) {
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

    /**
     * {@code update_booking_status}: moves a booking of the action's workspace to a new status, answers
     * {@code {"bookingId","status"}}. An unknown booking or a change its status does not allow fails for
     * good: retrying would not make it valid.
     */
    private ToolResult updateBookingStatus(ToolRun run, Arguments arguments) {
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

    /** {@code create_support_task}: opens a task (priority {@code normal} unless given), answers {@code {"taskId"}}. */
    private ToolResult createSupportTask(ToolRun run, Arguments arguments) {
        String given = arguments.text("priority");
        Priority priority = given == null
                ? Priority.NORMAL
                : Priority.parse(given)
                        .orElseThrow(() -> new Arguments.Invalid(
                                "priority " + given + " is not one of low, normal, high, urgent"));
        SupportTask task = tasks.open(new NewSupportTask(
                run.workspaceId(),
                run.actionId(),
                arguments.required("title"),
                arguments.text("description"),
                priority,
                run.conversationId()));
        return recorded("taskId", task.id());
    }

    /**
     * {@code send_notification}: leaves a message for the team (or a role or member), answers
     * {@code {"notificationId"}}.
     */
    private ToolResult sendNotification(ToolRun run, Arguments arguments) {
        Notification notification = notifications.send(
                run.workspaceId(),
                run.actionId(),
                arguments.required("message"),
                arguments.text("audience"),
                run.conversationId());
        return recorded("notificationId", notification.id());
    }

    /**
     * {@code tag_conversation}: adds the tags a conversation does not have yet, answers
     * {@code {"conversationId","tags"}} with the conversation's whole tag set afterwards.
     */
    private ToolResult tagConversation(ToolRun run, Arguments arguments) {
        String conversationId = arguments.required("conversationId");
        var tags = new LinkedHashSet<>(arguments.strings("tags"));
        if (tags.isEmpty()) {
            throw new Arguments.Invalid("tags must hold at least one tag");
        }
        List<String> all = conversationTags.add(run.workspaceId(), conversationId, run.actionId(), tags);
        return new ToolResult.Success(Map.of("conversationId", conversationId, "tags", all));
    }

    /** {@code apply_discount}: records the discount, answers {@code {"discountId"}}. */
    private ToolResult applyDiscount(ToolRun run, Arguments arguments) {
        BigDecimal percent = arguments.number("percent");
        if (percent.signum() <= 0
                || percent.compareTo(HUNDRED) > 0
                || percent.stripTrailingZeros().scale() > 2) {
            throw new Arguments.Invalid("percent must be more than 0 and at most 100, with at most two decimals");
        }
        Discount discount = discounts.apply(new NewDiscount(
                run.workspaceId(),
                run.actionId(),
                arguments.required("customer"),
                percent,
                arguments.required("reason"),
                arguments.text("code"),
                arguments.date("validUntil"),
                run.conversationId()));
        return recorded("discountId", discount.id());
    }

    /**
     * {@code update_lead_status}: moves a lead of the action's workspace to a new status, keeping the
     * change (and its note) on the lead; answers {@code {"leadId","status"}}. An unknown lead fails for
     * good: retrying would not make it exist.
     */
    private ToolResult updateLeadStatus(ToolRun run, Arguments arguments) {
        String leadId = arguments.required("leadId");
        LeadStatus status = arguments.status(LeadStatus::parse, "a lead status");
        Optional<LeadStatus> changed =
                leads.changeStatus(run.workspaceId(), run.actionId(), leadId, status, arguments.text("note"));
        return changed.<ToolResult>map(now -> new ToolResult.Success(Map.of("leadId", leadId, "status", now.wire())))
                .orElseGet(() -> ToolResult.Failure.permanent(
                        "lead_not_found", "There is no lead " + leadId + " in this workspace."));
    }

    /** The result that names the record written, e.g. {@code {"leadId": "lead_…"}}. */
    private static ToolResult recorded(String field, String id) {
        return new ToolResult.Success(Map.of(field, id));
    }
}
