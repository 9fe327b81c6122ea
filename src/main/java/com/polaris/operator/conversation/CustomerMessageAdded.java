package com.polaris.operator.conversation;

/**
 * A customer's new message was stored (published in the storing transaction; listen after commit). A
 * message handed in again with a known external id is not new and announces nothing.
 */
public record CustomerMessageAdded(
        String workspaceId, String conversationId, String messageId, MessageChannel channel) {}
