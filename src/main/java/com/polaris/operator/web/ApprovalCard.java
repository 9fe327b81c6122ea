package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals.ApprovalView;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An approval card in the inbox: the approval with what the page says about it, its arguments (those
 * the tool's policy highlights first, then the others), and whether this member may decide it. A
 * member named as a reviewer decides whatever their role; the approval's {@code mayDecide} says so.
 */
record ApprovalCard(
        ApprovalView approval,
        String summary,
        String toolTitle,
        String requester,
        String timeLeft,
        String waited,
        @Nullable String policySummary,
        boolean mayDecide,
        @Nullable String whyNot,
        List<Argument> highlighted,
        List<Argument> otherArguments,
        List<Line> conversation,
        Facts facts) {

    /** One argument of the action as the card shows it. */
    record Argument(String name, String value) {}

    /** One recent message of the action's conversation: who wrote it, when, and what. */
    record Line(String role, String who, String at, String atIso, String text) {}

    /**
     * What the inbox's card shows of the approval, worked out once here rather than by the page: its
     * id, when it was requested (ISO-8601 and for people), whether it is pending, its reviewers in
     * words, the channel and excerpt of the conversation it came from (null when there is none) and
     * whether it was escalated while pending; its quorum ("1 of 2", null when one approval is
     * needed and none was given), whether a retry changed what is approved, and the element ids of
     * its approve and reject forms and of their fields.
     */
    record Facts(
            String id,
            String requestedAtIso,
            String requestedAt,
            boolean pending,
            String reviewers,
            @Nullable String channel,
            @Nullable String excerpt,
            boolean escalated,
            @Nullable String quorum,
            boolean changed,
            String approveId,
            String rejectId,
            String commentId,
            String reasonId) {}

    public ActionView action() {
        return approval.action();
    }

    /** An instant on the card in words (a decision's time). */
    public String moment(Instant at) {
        return Moments.text(at);
    }

    static ApprovalCard of(ConsoleMember me, ApprovalView approval, Catalog catalog, Instant now) {
        return of(me, approval, title(me, catalog, approval.action().tool()), now, List.of());
    }

    /** The title the catalog gives {@code tool}, or its name when the tool is gone. */
    static String title(ConsoleMember me, Catalog catalog, String tool) {
        return catalog.find(me.workspaceId(), tool).map(Tool::title).orElse(tool);
    }

    /**
     * The card of an approval of a tool titled {@code title}, with the arguments named in {@code
     * highlight} (the tool's {@code review.highlight}) first.
     */
    static ApprovalCard of(ConsoleMember me, ApprovalView approval, String title, Instant now, List<String> highlight) {
        ActionView action = approval.action();
        boolean pending = "pending".equals(approval.status());
        String whyNot = null;
        if (pending && !approval.mayDecide()) {
            boolean approvedThisVersion = approval.decisions().stream()
                    .anyMatch(d -> d.by().id().equals(me.id()) && d.version() == approval.version());
            if (action.requesterId().equals(me.id())) {
                whyNot = "You proposed this action, so someone else must decide it.";
            } else if (approvedThisVersion) {
                whyNot = "You approved this version; it waits for the others.";
            } else if (!me.canDecide()) {
                whyNot = "Your role (" + me.roleName() + ") can see approvals but not decide them.";
            } else {
                whyNot = "This tool's approvals go to other reviewers.";
            }
        }
        String policySummary =
                approval.summary() == null || approval.summary().equals(title) ? null : approval.summary();
        return new ApprovalCard(
                approval,
                ActionWords.summary(action.tool(), action.arguments()),
                title,
                ActionWords.requester(action.requestedBy()),
                ActionWords.timeLeft(approval.expiresAt(), now),
                ActionWords.waited(approval.requestedAt(), now),
                policySummary,
                pending && approval.mayDecide(),
                whyNot,
                arguments(action.arguments(), highlight, true),
                arguments(action.arguments(), highlight, false),
                approval.conversationMessages().stream()
                        .map(m -> new Line(
                                m.role(),
                                switch (m.role()) {
                                    case "customer" -> "Customer";
                                    case "bot" -> "Bot";
                                    default -> "Agent";
                                },
                                Moments.text(m.at()),
                                m.at().toString(),
                                m.text()))
                        .toList(),
                facts(approval, pending));
    }

    private static Facts facts(ApprovalView approval, boolean pending) {
        var reviewers = approval.reviewers();
        String roles = String.join(", ", reviewers.roles());
        String members = reviewers.members().isEmpty()
                ? ""
                : (reviewers.roles().isEmpty() ? "" : ", ") + String.join(", ", reviewers.members());
        JsonNode conversation = approval.action().conversation();
        return new Facts(
                approval.id(),
                approval.requestedAt().toString(),
                Moments.text(approval.requestedAt()),
                pending,
                roles + members,
                conversationText(conversation, "channel"),
                conversationText(conversation, "excerpt"),
                pending && approval.escalatedAt() != null,
                approval.required() > 1 || approval.approvedBy() > 0
                        ? approval.approvedBy() + " of " + approval.required()
                        : null,
                approval.changes() != null && !approval.changes().isEmpty(),
                "approve-" + approval.id(),
                "reject-" + approval.id(),
                "comment-" + approval.id(),
                "reason-" + approval.id());
    }

    private static @Nullable String conversationText(@Nullable JsonNode conversation, String field) {
        return conversation != null && conversation.hasNonNull(field)
                ? conversation.get(field).asString()
                : null;
    }

    private static List<Argument> arguments(@Nullable JsonNode arguments, List<String> highlight, boolean highlighted) {
        if (arguments == null || !arguments.isObject()) {
            return List.of();
        }
        var shown = new ArrayList<Argument>();
        if (highlighted) {
            for (String name : highlight) {
                JsonNode value = arguments.get(name);
                if (value != null) {
                    shown.add(new Argument(name, text(value)));
                }
            }
        } else {
            for (String name : arguments.propertyNames()) {
                if (!highlight.contains(name)) {
                    shown.add(new Argument(name, text(arguments.get(name))));
                }
            }
        }
        return List.copyOf(shown);
    }

    private static String text(JsonNode value) {
        if (value.isNull()) {
            return "(none)";
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }
}
