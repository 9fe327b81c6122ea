package com.polaris.operator.action;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action as stored: the proposal, its decision, and where it stands. {@code approvedDigest} is the
 * digest of the content a person approved (see {@link RunGate}); null while nobody has.
 */
record ActionRecord(
        String id,
        String workspaceId,
        String tool,
        ActionStatus status,
        JsonNode arguments,
        @Nullable JsonNode conversation,
        @Nullable String reason,
        boolean requestReview,
        String requestedByType,
        String requestedById,
        String requestedByName,
        JsonNode decision,
        @Nullable Instant notBefore,
        @Nullable String approvalId,
        @Nullable JsonNode result,
        @Nullable JsonNode error,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String approvedDigest) {

    ActionRecord moveTo(ActionStatus next, Instant now) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                next,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                approvalId,
                result,
                error,
                attempts,
                createdAt,
                now,
                approvedDigest);
    }

    ActionRecord withArguments(JsonNode newArguments) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                newArguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                approvalId,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    ActionRecord withNotBefore(@Nullable Instant when) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                when,
                approvalId,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    ActionRecord withOutcome(@Nullable JsonNode newResult, @Nullable JsonNode newError) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                approvalId,
                newResult,
                newError,
                attempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    ActionRecord withAttempts(int newAttempts) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                approvalId,
                result,
                error,
                newAttempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    /** The decision worked out again, when a retry changed what would run. */
    ActionRecord withDecision(JsonNode newDecision) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                newDecision,
                notBefore,
                approvalId,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    /** The action waiting for a new approval, {@code newApprovalId}; an earlier approval's grant no longer applies. */
    ActionRecord awaitingApproval(String newApprovalId) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                newApprovalId,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                approvedDigest);
    }

    /** Approved by a person for exactly the content whose {@link RunGate#digest} is {@code digest}. */
    ActionRecord approvedAs(String digest) {
        return new ActionRecord(
                id,
                workspaceId,
                tool,
                status,
                arguments,
                conversation,
                reason,
                requestReview,
                requestedByType,
                requestedById,
                requestedByName,
                decision,
                notBefore,
                approvalId,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                digest);
    }

    @Nullable
    String conversationId() {
        return conversation == null || !conversation.hasNonNull("id")
                ? null
                : conversation.get("id").asString();
    }
}
