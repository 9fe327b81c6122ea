package com.polaris.operator.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * The built-in tools of the contract, each declared once: its name on the wire, words for people
 * and kind. Its input schema is {@code catalog/<name>.schema.json}. The catalog lists them in this
 * order, and every one has exactly one executor.
 */
public enum BuiltInTool {
    CREATE_LEAD(
            "create_lead",
            "Create lead",
            "Records a person who is interested in the business, with an email or a phone to reach them.",
            ToolKind.INTERNAL),
    BOOKING_REQUEST(
            "booking_request",
            "Request a booking",
            "Records a request for a service at a given time; the team confirms or cancels it later.",
            ToolKind.INTERNAL),
    UPDATE_BOOKING_STATUS(
            "update_booking_status",
            "Update booking status",
            "Confirms, cancels, completes or marks as no-show a booking of this workspace.",
            ToolKind.INTERNAL),
    CREATE_SUPPORT_TASK(
            "create_support_task",
            "Create support task",
            "Opens a task for the team to follow up on, with a priority.",
            ToolKind.INTERNAL),
    SEND_NOTIFICATION(
            "send_notification",
            "Send notification",
            "Leaves a message for the team, or for one role or member.",
            ToolKind.INTERNAL),
    TAG_CONVERSATION(
            "tag_conversation",
            "Tag conversation",
            "Adds tags to a conversation so the team can find and sort it.",
            ToolKind.INTERNAL),
    APPLY_DISCOUNT(
            "apply_discount",
            "Apply discount",
            "Gives a customer a discount in percent, with the reason and an optional voucher code and end date.",
            ToolKind.INTERNAL),
    UPDATE_LEAD_STATUS(
            "update_lead_status",
            "Update lead status",
            "Moves a lead to new, contacted, qualified, won or lost, keeping each change and its note.",
            ToolKind.INTERNAL),
    SEND_EMAIL("send_email", "Send email", "Sends a plain-text email to one recipient.", ToolKind.EXTERNAL),
    SEND_WHATSAPP_MESSAGE(
            "send_whatsapp_message",
            "Send WhatsApp message",
            "Sends a WhatsApp text or template message to one phone number through the workspace's WhatsApp channel.",
            ToolKind.EXTERNAL),
    GENERIC_WEBHOOK(
            "generic_webhook",
            "Generic webhook",
            "Calls an HTTPS endpoint of another system; custom actions define its input and request.",
            ToolKind.EXTERNAL);

    private final String wire;
    private final String title;
    private final String description;
    private final ToolKind kind;

    BuiltInTool(String wire, String title, String description, ToolKind kind) {
        this.wire = wire;
        this.title = title;
        this.description = description;
        this.kind = kind;
    }

    /** The tool's name as agents propose it and API.md lists it. */
    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public ToolKind kind() {
        return kind;
    }

    public static Optional<BuiltInTool> named(String name) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
    }

    String schemaResource() {
        return "/catalog/" + wire + ".schema.json";
    }
}
