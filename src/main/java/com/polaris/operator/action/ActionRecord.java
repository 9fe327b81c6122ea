package com.polaris.operator.action;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An action as stored: the proposal, its decision, and where it stands. */
record ActionRecord(String id, String workspaceId, String tool, ActionStatus status, JsonNode arguments,
        @Nullable JsonNode conversation, @Nullable String reason, boolean requestReview, String requestedByType,
        String requestedById, String requestedByName, JsonNode decision, @Nullable Instant notBefore,
        @Nullable String approvalId, @Nullable String approvalStatus, @Nullable JsonNode result,
        @Nullable JsonNode error, int attempts, Instant createdAt, Instant updatedAt) {

    ActionRecord moveTo(ActionStatus next, Instant now) {
        return new ActionRecord(id, workspaceId, tool, next, arguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, notBefore, approvalId, approvalStatus, result,
                error, attempts, createdAt, now);
    }

    ActionRecord withArguments(JsonNode newArguments) {
        return new ActionRecord(id, workspaceId, tool, status, newArguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, notBefore, approvalId, approvalStatus, result,
                error, attempts, createdAt, updatedAt);
    }

    ActionRecord withNotBefore(@Nullable Instant when) {
        return new ActionRecord(id, workspaceId, tool, status, arguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, when, approvalId, approvalStatus, result,
                error, attempts, createdAt, updatedAt);
    }

    ActionRecord withApprovalStatus(String newApprovalStatus) {
        return new ActionRecord(id, workspaceId, tool, status, arguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, notBefore, approvalId, newApprovalStatus, result,
                error, attempts, createdAt, updatedAt);
    }

    ActionRecord withOutcome(@Nullable JsonNode newResult, @Nullable JsonNode newError) {
        return new ActionRecord(id, workspaceId, tool, status, arguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, notBefore, approvalId, approvalStatus, newResult,
                newError, attempts, createdAt, updatedAt);
    }

    ActionRecord withAttempts(int newAttempts) {
        return new ActionRecord(id, workspaceId, tool, status, arguments, conversation, reason, requestReview,
                requestedByType, requestedById, requestedByName, decision, notBefore, approvalId, approvalStatus, result,
                error, newAttempts, createdAt, updatedAt);
    }

    @Nullable String conversationId() {
        return conversation == null || !conversation.hasNonNull("id") ? null : conversation.get("id").asString();
    }
}
