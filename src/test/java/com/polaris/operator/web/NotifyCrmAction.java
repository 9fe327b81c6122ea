package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.ApiTestBase.Tenant;
import com.polaris.operator.CustomActions;
import java.util.List;
import java.util.Map;

/**
 * The custom action the console and MCP tests give a workspace: {@code notify_crm}, a webhook to the CRM,
 * either published and taking one email or a draft taking anything.
 */
public final class NotifyCrmAction {

    private NotifyCrmAction() {}

    /** Adds {@code notify_crm}, published, taking one required email. */
    static void addTo(Tenant tenant) {
        create(
                tenant,
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("email", Map.of("type", "string", "format", "email")),
                        "required",
                        List.of("email"),
                        "additionalProperties",
                        false));
        var published = tenant.owner().post("/api/v1/tools/notify_crm/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
    }

    /** Adds {@code notify_crm} as a draft, which agents do not see until someone publishes it. */
    public static void addDraftTo(Tenant tenant) {
        create(tenant, Map.of("type", "object"));
    }

    private static void create(Tenant tenant, Map<String, Object> inputSchema) {
        var tool = tenant.owner()
                .post(
                        "/api/v1/tools",
                        CustomActions.definition(
                                "notify_crm",
                                "Notify the CRM",
                                "generic_webhook",
                                inputSchema,
                                Map.of("url", "https://crm.example.com/hooks")));
        assertThat(tool.status()).as(tool.toString()).isEqualTo(201);
    }
}
