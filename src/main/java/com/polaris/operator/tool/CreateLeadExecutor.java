package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.lead.Lead;
import com.polaris.operator.lead.Leads;
import com.polaris.operator.lead.NewLead;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code create_lead}: records the lead, answers {@code {"leadId"}}. */
@Component
class CreateLeadExecutor extends RecordingExecutor {

    private final Leads leads;

    CreateLeadExecutor(Leads leads) {
        this.leads = leads;
    }

    @Override
    public String tool() {
        return BuiltInTool.CREATE_LEAD.wire();
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        String email = arguments.text("email");
        String phone = arguments.text("phone");
        if (email == null && phone == null) {
            throw new Arguments.Invalid("either email or phone is required");
        }
        Lead lead = leads.record(new NewLead(
                run.workspaceId(),
                run.actionId(),
                arguments.required("name"),
                email,
                phone,
                arguments.text("company"),
                arguments.text("notes"),
                run.conversationId()));
        return new ToolResult.Success(Map.of("leadId", lead.id()));
    }
}
