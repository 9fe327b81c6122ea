package com.polaris.operator.web;

import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.audit.AuditVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log, filterable by event type and action, with the verification of its hash chain for owners and admins. */
@Controller
class AuditPage {

    private static final int PAGE = 100;

    private final AuditLog audit;
    private final AuditVerifier verifier;

    AuditPage(AuditLog audit, AuditVerifier verifier) {
        this.audit = audit;
        this.verifier = verifier;
    }

    @GetMapping("/audit")
    String audit(ConsoleMember me, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String actionId,
            @RequestParam(required = false) @Nullable String cursor, Model model) {
        me.caller().requireMember();
        var filter = new AuditLog.Filter(blank(actionId) ? null : actionId.trim(), blank(type) ? null : type.trim(), null);
        var page = audit.page(me.workspaceId(), filter, cursor, PAGE);
        model.addAttribute("events", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("paged", !blank(cursor));
        model.addAttribute("type", blank(type) ? "" : type.trim());
        model.addAttribute("actionId", blank(actionId) ? "" : actionId.trim());
        if (me.canConfigure()) {
            model.addAttribute("verification", verifier.verify(me.workspaceId()));
        }
        return "audit";
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
