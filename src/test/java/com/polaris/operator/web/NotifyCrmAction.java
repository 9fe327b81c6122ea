package com.polaris.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.ApiTestBase.Tenant;
import java.util.List;
import java.util.Map;

/** The custom action the console tests give a workspace: {@code notify_crm}, a webhook taking one email. */
final class NotifyCrmAction {

    private NotifyCrmAction() {}

    static void addTo(Tenant tenant) {
        var tool = tenant.owner()
                .post(
                        "/api/v1/tools",
                        Map.of(
                                "name",
                                "notify_crm",
                                "title",
                                "Notify the CRM",
                                "base",
                                "generic_webhook",
                                "inputSchema",
                                Map.of(
                                        "type",
                                        "object",
                                        "properties",
                                        Map.of("email", Map.of("type", "string", "format", "email")),
                                        "required",
                                        List.of("email"),
                                        "additionalProperties",
                                        false),
                                "config",
                                Map.of("url", "https://crm.example.com/hooks")));
        assertThat(tool.status()).as(tool.toString()).isEqualTo(201);
        var published = tenant.owner().post("/api/v1/tools/notify_crm/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
    }
}
