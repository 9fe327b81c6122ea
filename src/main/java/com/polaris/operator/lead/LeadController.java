package com.polaris.operator.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading leads: every member and integration key of the workspace may. One lead shows its status history. */
@RestController
@RequestMapping("/api/v1/leads")
@Tag(name = "Leads", description = "Leads that create_lead made.")
@RequiredArgsConstructor
class LeadController {

    private final Leads leads;

    /** One lead as a list shows it, with its status changes, oldest first. */
    record LeadDetail(@JsonUnwrapped Lead lead, List<LeadStatusChange> statusChanges) {}

    @GetMapping("/{id}")
    @Operation(
            summary = "Read a lead",
            description = "A lead that create_lead made, with its status changes (update_lead_status), oldest first.")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"id": "lead_01jdq8x3p9r8s7t6v5w4x3y2z1", "name": "Ana Ruiz", "email": "ana@example.com",
             "phone": null, "company": "Ruiz Interiors", "notes": null, "status": "contacted",
             "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z",
             "statusChanges": [{"actionId": "act_01jdq9c1d2e3f4g5h6j7k8m9n0", "from": "new", "to": "contacted",
                                "note": "Called back", "changedAt": "2026-11-24T09:30:00Z"}]}""")
    LeadDetail one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Lead lead = leads.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
        return new LeadDetail(lead, leads.history(caller.workspaceId(), id));
    }

    @GetMapping
    @Operation(
            summary = "List leads, newest first",
            description = "The workspace's leads, optionally of one conversation.")
    @ApiExamples(response = """
            {"items": [{"id": "lead_01jdq8x3p9r8s7t6v5w4x3y2z1", "name": "Ana Ruiz", "email": "ana@example.com",
             "phone": null, "company": "Ruiz Interiors", "notes": null, "status": "new",
             "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81",
             "createdAt": "2026-11-23T10:15:31Z"}], "nextCursor": null}""")
    Page<Lead> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return leads.list(caller.workspaceId(), conversationId, page);
    }
}
