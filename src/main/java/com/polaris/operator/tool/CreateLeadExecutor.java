package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.lead.Lead;
import com.polaris.operator.lead.Leads;
import com.polaris.operator.lead.NewLead;
import org.springframework.stereotype.Component;

/** {@code create_lead}: records the lead, answers {@code {"leadId"}}. */
@Component
class CreateLeadExecutor extends RecordingExecutor {

    private final Leads leads;

    CreateLeadExecutor(Leads leads) {
        super(BuiltInTool.CREATE_LEAD);
        this.leads = leads;
    }

    @Override
    ToolResult record(ToolRun run, Arguments arguments) {
        Arguments.Contact contact = arguments.contact();
        Lead lead = leads.record(new NewLead(
                run.workspaceId(),
                run.actionId(),
                arguments.required("name"),
                contact.email(),
                contact.phone(),
                arguments.text("company"),
                arguments.text("notes"),
                run.conversationId()));
        return recorded("leadId", lead.id());
    }
}
