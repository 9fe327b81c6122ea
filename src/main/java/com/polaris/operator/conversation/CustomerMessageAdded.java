package com.polaris.operator.conversation;

/**
 * A customer's new message was stored (published in the storing transaction, so what a listener writes
 * commits with the message). A message handed in again with a known external id is not new and
 * announces nothing.
 */
public record CustomerMessageAdded(
        String workspaceId, String conversationId, String messageId, MessageChannel channel) {}
