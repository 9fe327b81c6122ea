package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals.ApprovalView;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An approval card in the inbox: the approval with what the page says about it, and whether this member may decide it. */
record ApprovalCard(
        ApprovalView approval,
        String summary,
        String toolTitle,
        String requester,
        String timeLeft,
        String waited,
        @Nullable String policySummary,
        boolean mayDecide,
        @Nullable String whyNot) {

    public ActionView action() {
        return approval.action();
    }

    static ApprovalCard of(ConsoleMember me, ApprovalView approval, Catalog catalog, Instant now) {
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
                pending && approval.mayDecide() && me.canDecide(),
                whyNot);
    }
}
