package com.polaris.operator.audit;

import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log over HTTP: members read it, owners and admins check that nothing was tampered with. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditLog audit;
    private final AuditVerifier verifier;

    AuditController(AuditLog audit, AuditVerifier verifier) {
        this.audit = audit;
        this.verifier = verifier;
    }

    /** An action's timeline (oldest first) when {@code actionId} is given, otherwise newest first. */
    @GetMapping
    Page<AuditEvent> events(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String actionId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String subject,
            PageRequest page) {
        caller.requireMember();
        var filter = new AuditLog.Filter(blankToNull(actionId), blankToNull(type), blankToNull(subject));
        return audit.page(caller.workspaceId(), filter, page);
    }

    @GetMapping("/verify")
    Verification verify(@AuthenticationPrincipal Caller caller) {
        caller.requireConfigurer();
        return verifier.verify(caller.workspaceId());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
