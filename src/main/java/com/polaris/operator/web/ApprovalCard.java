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
        List<Argument> otherArguments) {

    /** One argument of the action as the card shows it. */
    record Argument(String name, String value) {}

    public ActionView action() {
        return approval.action();
    }

    static ApprovalCard of(ConsoleMember me, ApprovalView approval, Catalog catalog, Instant now) {
        return of(me, approval, catalog, now, List.of());
    }

    /** The card with the arguments named in {@code highlight} (the tool's {@code review.highlight}) first. */
    static ApprovalCard of(
            ConsoleMember me, ApprovalView approval, Catalog catalog, Instant now, List<String> highlight) {
        ActionView action = approval.action();
        String title =
                catalog.find(me.workspaceId(), action.tool()).map(Tool::title).orElse(action.tool());
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
                arguments(action.arguments(), highlight, false));
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
