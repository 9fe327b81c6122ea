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
        boolean mayDecide,
        @Nullable String whyNot) {

    public ActionView action() {
        return approval.action();
    }

    static ApprovalCard of(ConsoleMember me, ApprovalView approval, Catalog catalog, Instant now) {
        ActionView action = approval.action();
        String title =
                catalog.find(me.workspaceId(), action.tool()).map(Tool::title).orElse(action.tool());
        String whyNot = null;
        if (!me.canDecide()) {
            whyNot = "Your role (" + me.roleName() + ") can see approvals but not decide them.";
        } else if (action.requesterId().equals(me.id())) {
            whyNot = "You proposed this action, so someone else must decide it.";
        }
        boolean pending = "pending".equals(approval.status());
        return new ApprovalCard(
                approval,
                ActionWords.summary(action.tool(), action.arguments()),
                title,
                ActionWords.requester(action.requestedBy()),
                ActionWords.timeLeft(approval.expiresAt(), now),
                pending && whyNot == null,
                whyNot);
    }
}
