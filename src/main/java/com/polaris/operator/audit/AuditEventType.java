package com.polaris.operator.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every kind of event the audit log records, by the name the API shows ({@code type}). Appending
 * takes one of these, so no module can record a type that is not listed here.
 */
public enum AuditEventType {
    ACTION_REQUESTED("action.requested"),
    ACTION_DECIDED("action.decided"),
    ACTION_SCHEDULED("action.scheduled"),
    ACTION_QUEUED("action.queued"),
    ACTION_STARTED("action.started"),
    ACTION_COMPLETED("action.completed"),
    ACTION_ATTEMPT_FAILED("action.attempt_failed"),
    ACTION_FAILED("action.failed"),
    ACTION_NEEDS_REVIEW("action.needs_review"),
    ACTION_CANCELLED("action.cancelled"),
    ACTION_RETRIED("action.retried"),
    ACTION_APPROVED_IN_ADVANCE("action.approved_in_advance"),
    APPROVAL_REQUESTED("approval.requested"),
    APPROVAL_APPROVED("approval.approved"),
    APPROVAL_REJECTED("approval.rejected"),
    APPROVAL_EXPIRED("approval.expired"),
    BATCH_CREATED("batch.created"),
    BATCH_APPROVED("batch.approved"),
    BATCH_REJECTED("batch.rejected"),
    BATCH_EXPIRED("batch.expired"),
    BATCH_CANCELLED("batch.cancelled"),
    BATCH_COMPLETED("batch.completed"),
    TOOL_CREATED("tool.created"),
    TOOL_UPDATED("tool.updated"),
    TOOL_ENABLED("tool.enabled"),
    TOOL_DISABLED("tool.disabled"),
    TOOL_SIGNING_SECRET_ROTATED("tool.signing_secret_rotated"),
    TOOL_PUBLISHED("tool.published"),
    TOOL_UNPUBLISHED("tool.unpublished"),
    POLICY_UPDATED("policy.updated"),
    SECRET_UPDATED("secret.updated"),
    SECRET_DELETED("secret.deleted"),
    MEMBER_CREATED("member.created"),
    MEMBER_ROLE_CHANGED("member.role_changed"),
    MEMBER_REMOVED("member.removed"),
    MEMBER_SIGN_IN_FAILED("member.sign_in_failed"),
    MEMBER_SIGN_IN_THROTTLED("member.sign_in_throttled"),
    TOKEN_CREATED("token.created"),
    TOKEN_REVOKED("token.revoked"),
    API_KEY_CREATED("api_key.created"),
    API_KEY_REVOKED("api_key.revoked"),
    BUSINESS_HOURS_UPDATED("business_hours.updated"),
    CHAT_WEBHOOK_UPDATED("chat_webhook.updated"),
    CHAT_WEBHOOK_DELETED("chat_webhook.deleted"),
    WHATSAPP_CHANNEL_UPDATED("whatsapp_channel.updated"),
    WHATSAPP_CHANNEL_DELETED("whatsapp_channel.deleted"),
    EVENT_SUBSCRIPTION_CREATED("event_subscription.created"),
    EVENT_SUBSCRIPTION_DELETED("event_subscription.deleted"),
    EVENT_SUBSCRIPTION_REDELIVERED("event_subscription.redelivered"),
    STANDING_APPROVAL_CREATED("standing_approval.created"),
    STANDING_APPROVAL_REVOKED("standing_approval.revoked"),
    CONVERSATION_ERASED("conversation.erased"),
    CONVERSATION_MESSAGES_EXPIRED("conversation.messages_expired"),
    CONVERSATION_RETENTION_UPDATED("conversation.retention_updated"),
    OPERATOR_MODEL_UPDATED("operator_model.updated"),
    WEB_WIDGET_UPDATED("web_widget.updated"),
    WEB_WIDGET_KEY_ROTATED("web_widget.key_rotated"),
    USAGE_LIMIT_UPDATED("usage.limit_updated");

    private final String wire;

    AuditEventType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
