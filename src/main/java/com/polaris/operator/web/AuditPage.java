package com.polaris.operator.web;

import com.polaris.operator.api.Page;
import com.polaris.operator.audit.AuditEvent;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.audit.AuditVerifier;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log, filterable by event type and action, with the verification of its hash chain for owners and admins. */
@Controller
@RequiredArgsConstructor
class AuditPage {

    private static final int PAGE = 100;

    private final AuditLog audit;
    private final AuditVerifier verifier;

    @GetMapping("/audit")
    String audit(
            ConsoleMember me,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String actionId,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        me.caller().requireMember();
        var errors = FormErrors.notDone(
                        "audit-filters",
                        "No event can match",
                        new FormErrors.Field("type", "type", "Event type"),
                        new FormErrors.Field("actionId", "actionId", "Action"))
                .checkText("type", type)
                .checkText("actionId", actionId);
        var filter = new AuditLog.Filter(ListPages.filter(actionId), ListPages.filter(type), null);
        var page = errors.isEmpty()
                ? audit.page(me.workspaceId(), filter, Cursors.page(cursor, PAGE))
                : Page.<AuditEvent>empty();
        model.addAttribute("errors", errors);
        model.addAttribute("events", page.items());
        ListPages.paged(model, page, cursor);
        model.addAttribute("type", ListPages.shown(type));
        model.addAttribute("actionId", ListPages.shown(actionId));
        if (me.canConfigure()) {
            model.addAttribute("verification", verifier.verify(me.workspaceId()));
        }
        return "audit";
    }
}
