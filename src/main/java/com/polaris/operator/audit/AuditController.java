package com.polaris.operator.audit;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log over HTTP: members read it, owners and admins check that nothing was tampered with. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The append-only, hash-chained audit log.")
@RequiredArgsConstructor
class AuditController {

    private final AuditLog audit;
    private final AuditVerifier verifier;

    /** An action's timeline (oldest first) when {@code actionId} is given, otherwise newest first. */
    @GetMapping
    @Operation(summary = "Audit events (members)", description = """
                    The workspace's audit events, newest first; with actionId, that action's timeline, \
                    oldest first. type and subject filter further. No secret value, password or token ever \
                    appears in an event. Integration keys may not read the audit log (403).""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"seq": 42, "at": "2026-11-23T10:30:00Z", "type": "approval.approved",
                        "actor": {"type": "member", "id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "name": "Marta Gil"},
                        "subject": "approval:apr_01jdq8x3n0p1q2r3s4t5v6w7x8",
                        "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "data": {"comment": "Fine by me"},
                        "hash": "3b7e0c5d9a1f..."}],
             "nextCursor": "41"}""")
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
    @Operation(summary = "Verify the audit log (owners, admins)", description = """
                    Walks the workspace's hash chain: valid is false, and problems say where, when an event \
                    was changed or deleted.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"valid": true, "events": 1234, "seals": 12, "problems": []}""")
    Verification verify(@AuthenticationPrincipal Caller caller) {
        caller.requireConfigurer();
        return verifier.verify(caller.workspaceId());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
