package com.polaris.operator.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Caller;
import java.util.List;
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
class LeadController {

    private final Leads leads;

    LeadController(Leads leads) {
        this.leads = leads;
    }

    /** One lead as a list shows it, with its status changes, oldest first. */
    record LeadDetail(@JsonUnwrapped Lead lead, List<LeadStatusChange> statusChanges) {}

    @GetMapping("/{id}")
    LeadDetail one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        Lead lead = leads.find(caller.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("Lead " + id));
        return new LeadDetail(lead, leads.history(caller.workspaceId(), id));
    }

    @GetMapping
    Page<Lead> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return leads.list(caller.workspaceId(), conversationId, page);
    }
}
