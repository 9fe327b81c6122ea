package com.polaris.operator.conversation;

/**
 * A conversation was erased, on request or by the retention (published in the erasing transaction):
 * whatever else holds onto it, such as a web widget's conversation token, lets go of it too.
 */
public record ConversationErased(String workspaceId, String conversationId) {}
