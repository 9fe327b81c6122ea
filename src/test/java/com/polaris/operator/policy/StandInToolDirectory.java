package com.polaris.operator.policy;

import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in tools as a fixed list, standing in for the catalog until the catalog provides the
 * {@link ToolDirectory}: the six internal tools and {@code send_email}, each with an empty schema.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StandInToolDirectory {

    static final List<Tool> TOOLS = List.of(
            tool("create_lead", "Create lead", "Records a sales lead from the conversation.", ToolKind.INTERNAL),
            tool("booking_request", "Request a booking", "Records a booking request to confirm later.", ToolKind.INTERNAL),
            tool("update_booking_status", "Update booking status", "Confirms, cancels or completes a booking.",
                    ToolKind.INTERNAL),
            tool("create_support_task", "Create support task", "Opens a task for the support team.", ToolKind.INTERNAL),
            tool("send_notification", "Send notification", "Notifies the team inside Polaris.", ToolKind.INTERNAL),
            tool("tag_conversation", "Tag conversation", "Adds tags to a conversation.", ToolKind.INTERNAL),
            tool("send_email", "Send email", "Sends an email to a customer.", ToolKind.EXTERNAL));

    @Bean
    ToolDirectory standInToolDirectory() {
        return new ToolDirectory() {
            @Override
            public Optional<Tool> find(String workspaceId, String name) {
                return TOOLS.stream().filter(t -> t.name().equals(name)).findFirst();
            }

            @Override
            public List<Tool> all(String workspaceId) {
                return TOOLS;
            }
        };
    }

    private static Tool tool(String name, String title, String description, ToolKind kind) {
        return new Tool(name, title, description, kind, JsonMapper.shared().createObjectNode());
    }
}
