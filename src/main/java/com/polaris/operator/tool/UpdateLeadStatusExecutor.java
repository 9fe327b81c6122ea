package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.lead.LeadStatus;
import com.polaris.operator.lead.Leads;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code update_lead_status}: moves a lead of the action's workspace to a new status, keeping the
 * change (and its note) on the lead; answers {@code {"leadId","status"}}. An unknown lead fails for
 * good: retrying would not make it exist.
 */
@Component
class UpdateLeadStatusExecutor extends RecordingExecutor {

    private final Leads leads;

    UpdateLeadStatusExecutor(Leads leads) {
        super(BuiltInTool.UPDATE_LEAD_STATUS);
        this.leads = leads;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        String leadId = arguments.required("leadId");
        LeadStatus status = arguments.status(LeadStatus::parse, "a lead status");
        Optional<LeadStatus> changed =
                leads.changeStatus(run.workspaceId(), run.actionId(), leadId, status, arguments.text("note"));
        return changed.<ToolResult>map(now -> new ToolResult.Success(Map.of("leadId", leadId, "status", now.wire())))
                .orElseGet(() -> ToolResult.Failure.permanent(
                        "lead_not_found", "There is no lead " + leadId + " in this workspace."));
    }
}
