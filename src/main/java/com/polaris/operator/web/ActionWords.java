package com.polaris.operator.web;

import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.audit.AuditEvent;
import com.polaris.operator.catalog.BuiltInTool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Actions and their events in plain words, for people who never read JSON: "Create lead Ana Ruiz
 * &lt;ana@example.com&gt;", "Approved by Rita, with changes: email …", "Failed: the mail server refused".
 */
final class ActionWords {

    private ActionWords() {}

    /** One line saying what the action will do (or did). */
    static String summary(String tool, JsonNode args) {
        BuiltInTool builtIn = BuiltInTool.named(tool).orElse(null);
        if (builtIn == null) {
            return "Run " + tool.replace('_', ' ');
        }
        return switch (builtIn) {
            case CREATE_LEAD -> "Create lead " + text(args, "name") + contact(args);
            case BOOKING_REQUEST ->
                "Request a booking of " + text(args, "service") + " for " + text(args, "name") + contact(args) + " at "
                        + text(args, "requestedStart");
            case UPDATE_BOOKING_STATUS ->
                "Mark booking " + text(args, "bookingId") + " as "
                        + text(args, "status").replace('_', ' ');
            case CREATE_SUPPORT_TASK ->
                "Create support task “" + text(args, "title") + "”"
                        + (args.hasNonNull("priority") ? " (" + text(args, "priority") + " priority)" : "");
            case SEND_NOTIFICATION ->
                "Notify " + (args.hasNonNull("audience") ? text(args, "audience") : "the team") + ": “"
                        + text(args, "message") + "”";
            case TAG_CONVERSATION ->
                "Tag conversation " + text(args, "conversationId") + " with "
                        + String.join(
                                ", ",
                                args.path("tags")
                                        .valueStream()
                                        .map(JsonNode::asString)
                                        .toList());
            case APPLY_DISCOUNT ->
                "Give " + text(args, "customer") + " " + text(args, "percent") + "% off"
                        + (args.hasNonNull("code") ? " with code " + text(args, "code") : "")
                        + (args.hasNonNull("validUntil") ? " until " + text(args, "validUntil") : "");
            case UPDATE_LEAD_STATUS -> "Mark lead " + text(args, "leadId") + " as " + text(args, "status");
            case SEND_EMAIL -> "Email " + text(args, "to") + ": “" + text(args, "subject") + "”";
            case SEND_WHATSAPP_MESSAGE ->
                "WhatsApp " + text(args, "to") + ": "
                        + (args.hasNonNull("text")
                                ? "“" + text(args, "text") + "”"
                                : "template " + text(args.path("template"), "name"));
            case GENERIC_WEBHOOK -> "Run " + tool.replace('_', ' ');
        };
    }

    static String statusLabel(ActionStatus status) {
        String words = status.wire().replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    /** The chip colour family of a status: waiting, moving, done, problem or ended. */
    static String tone(ActionStatus status) {
        return switch (status) {
            case PENDING_APPROVAL, SCHEDULED -> "waiting";
            case QUEUED, RUNNING -> "moving";
            case COMPLETED -> "done";
            case FAILED, NEEDS_REVIEW -> "problem";
            case REJECTED, EXPIRED, CANCELLED -> "ended";
        };
    }

    /** "3 days 4 h left", "40 min left", "expired". */
    /** How long something has waited since {@code since}: "3 days 2 h", "4 h 10 min", "5 min". */
    static String waited(Instant since, Instant now) {
        Duration waited = Duration.between(since, now);
        if (waited.toDays() >= 1) {
            return waited.toDays() + (waited.toDays() == 1 ? " day " : " days ") + waited.toHoursPart() + " h";
        }
        if (waited.toHours() >= 1) {
            return waited.toHours() + " h " + waited.toMinutesPart() + " min";
        }
        return Math.max(0, waited.toMinutes()) + " min";
    }

    static String timeLeft(@Nullable Instant until, Instant now) {
        if (until == null) {
            return "no expiry";
        }
        Duration left = Duration.between(now, until);
        if (left.isNegative() || left.isZero()) {
            return "expires now";
        }
        if (left.toDays() >= 1) {
            return left.toDays() + (left.toDays() == 1 ? " day " : " days ") + left.toHoursPart() + " h left";
        }
        if (left.toHours() >= 1) {
            return left.toHours() + " h " + left.toMinutesPart() + " min left";
        }
        return Math.max(1, left.toMinutes()) + " min left";
    }

    static String requester(ActionView.RequestedBy by) {
        if (by.onBehalfOf() != null) {
            return "Operator for " + requester(by.onBehalfOf());
        }
        return ("api_key".equals(by.type()) ? "Agent " : "") + by.name();
    }

    /** One event of an action's timeline, told for people. */
    record Entry(Instant at, String title, String tone, List<String> details) {}

    static Entry entry(AuditEvent event) {
        JsonNode data = event.data();
        String who = event.actor().name() == null ? "Polaris" : event.actor().name();
        var details = new ArrayList<String>();
        return switch (event.type()) {
            case "action.requested" -> {
                if (data.hasNonNull("reason")) {
                    details.add("Reason: " + data.get("reason").asString());
                }
                yield new Entry(
                        event.at(),
                        "Requested by " + ("api_key".equals(event.actor().type()) ? "agent " : "") + who,
                        "info",
                        details);
            }
            case "action.decided" -> {
                data.path("decision")
                        .path("reasons")
                        .valueStream()
                        .map(JsonNode::asString)
                        .forEach(details::add);
                yield new Entry(event.at(), "Rules applied", "info", details);
            }
            case "approval.requested" ->
                new Entry(
                        event.at(),
                        "Waiting for a person's approval",
                        "waiting",
                        data.hasNonNull("expiresAt")
                                ? List.of("Expires "
                                        + Moments.text(data.get("expiresAt").asString()))
                                : List.of());
            case "approval.approved" -> {
                if (data.hasNonNull("comment")
                        && !data.get("comment").asString().isBlank()) {
                    details.add("Comment: " + data.get("comment").asString());
                }
                changes(data.path("changes"), details);
                yield new Entry(
                        event.at(),
                        "Approved by " + who + (data.has("changes") ? ", with changes" : ""),
                        "done",
                        details);
            }
            case "approval.rejected" ->
                new Entry(
                        event.at(),
                        "Rejected by " + who,
                        "ended",
                        List.of("Reason: " + data.path("reason").asString()));
            case "approval.expired" ->
                new Entry(event.at(), "Nobody decided in time: the approval expired", "ended", List.of());
            case "action.scheduled" ->
                new Entry(
                        event.at(),
                        "Waiting for business hours",
                        "waiting",
                        List.of("Runs from "
                                + Moments.text(data.path("notBefore").asString())));
            case "action.queued" ->
                new Entry(
                        event.at(),
                        "Queued to run",
                        "moving",
                        List.of("Execution: " + data.path("execution").asString()));
            case "action.started" ->
                new Entry(event.at(), "Attempt " + data.path("attempt").asString() + " started", "moving", List.of());
            case "action.completed" ->
                new Entry(
                        event.at(),
                        "Completed",
                        "done",
                        data.has("result") ? List.of("Result: " + data.get("result")) : List.of());
            case "action.attempt_failed" ->
                new Entry(
                        event.at(),
                        "Attempt " + data.path("attempt").asString() + " failed; it will be tried again",
                        "problem",
                        errorDetails(data));
            case "action.failed" -> new Entry(event.at(), "Failed", "problem", errorDetails(data));
            case "action.needs_review" ->
                new Entry(event.at(), "Needs a person to look at it", "problem", errorDetails(data));
            case "action.approved_in_advance" ->
                new Entry(
                        event.at(),
                        "Approved in advance by standing approval "
                                + data.path("standingApprovalId").asString(),
                        "moving",
                        List.of("Use " + data.path("uses").asString() + " of "
                                + data.path("maxUses").asString()));
            case "action.retried" -> {
                changes(data.path("changes"), details);
                yield new Entry(event.at(), "Retried by " + who, "moving", details);
            }
            case "action.cancelled" ->
                new Entry(
                        event.at(),
                        "Cancelled by " + who,
                        "ended",
                        List.of("It was " + data.path("from").asString().replace('_', ' ')));
            default -> new Entry(event.at(), event.type() + " by " + who, "info", List.of());
        };
    }

    private static void changes(JsonNode changes, List<String> details) {
        for (JsonNode change : changes) {
            details.add("Changed " + change.path("field").asString() + ": " + value(change.get("from")) + " → "
                    + value(change.get("to")));
        }
    }

    private static List<String> errorDetails(JsonNode data) {
        JsonNode error = data.has("error") ? data.get("error") : data;
        var details = new ArrayList<String>();
        if (error.hasNonNull("message")) {
            details.add(error.get("message").asString());
        }
        if (error.hasNonNull("code")) {
            details.add("Code: " + error.get("code").asString());
        }
        return details;
    }

    static String value(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "(empty)";
        }
        return node.isString() ? "“" + node.asString() + "”" : node.toString();
    }

    private static String text(JsonNode args, String field) {
        return args.hasNonNull(field) ? args.get(field).asString() : "?";
    }

    private static String contact(JsonNode args) {
        if (args.hasNonNull("email")) {
            return " <" + args.get("email").asString() + ">";
        }
        return args.hasNonNull("phone") ? " (" + args.get("phone").asString() + ")" : "";
    }
}
