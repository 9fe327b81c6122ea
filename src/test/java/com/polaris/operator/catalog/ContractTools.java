package com.polaris.operator.catalog;

import java.util.List;

/** The built-in tools API.md promises, spelled out by name in the order the catalog lists them. */
public final class ContractTools {

    public static final List<String> NAMES = List.of(
            "create_lead",
            "booking_request",
            "update_booking_status",
            "create_support_task",
            "send_notification",
            "tag_conversation",
            "apply_discount",
            "update_lead_status",
            "send_email",
            "send_whatsapp_message",
            "generic_webhook");

    private ContractTools() {}
}
