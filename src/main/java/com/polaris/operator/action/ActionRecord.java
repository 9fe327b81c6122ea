package com.polaris.operator.action;

import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action as stored: the proposal, its decision, and where it stands. {@code approvedDigest} is the
 * digest of the content a person approved (see {@link RunGate}); null while nobody has. {@code test}
 * marks an action a member proposed as a test run of a tool; {@code preparedByOperator} one the operator
 * prepared from a conversation on behalf of its requester; {@code batchId} and {@code itemIndex} name the
 * batch item an action was fanned out from.
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
        @Nullable String approvedDigest,
        boolean test,
        boolean preparedByOperator,
        @Nullable String batchId,
        @Nullable Integer itemIndex) {

    ActionRecord moveTo(ActionStatus next, Instant now) {
        return copy(c -> {
            c.status = next;
            c.updatedAt = now;
        });
    }

    /**
     * The action with arguments edited through the product (a retry, a reviewer's edit): an earlier
     * approval does not cover them, so its digest goes, and the edit asks for a person again when
     * the policy does.
     */
    ActionRecord withArguments(JsonNode newArguments) {
        return copy(c -> {
            c.arguments = newArguments;
            c.approvedDigest = null;
        });
    }

    ActionRecord withNotBefore(@Nullable Instant when) {
        return copy(c -> c.notBefore = when);
    }

    ActionRecord withOutcome(@Nullable JsonNode newResult, @Nullable JsonNode newError) {
        return copy(c -> {
            c.result = newResult;
            c.error = newError;
        });
    }

    ActionRecord withAttempts(int newAttempts) {
        return copy(c -> c.attempts = newAttempts);
    }

    /** The decision worked out again, when a retry changed what would run. */
    ActionRecord withDecision(JsonNode newDecision) {
        return copy(c -> c.decision = newDecision);
    }

    /**
     * The action waiting for a new approval, {@code newApprovalId}. The digest an earlier approval
     * granted is kept: a pending action cannot start, and the new approval's grant replaces it.
     */
    ActionRecord awaitingApproval(String newApprovalId) {
        return copy(c -> c.approvalId = newApprovalId);
    }

    /** Approved by a person for exactly the content whose keyed {@link RunGate#digest} is {@code digest}. */
    ActionRecord approvedAs(String digest) {
        return copy(c -> c.approvedDigest = digest);
    }

    /**
     * A proposal approved in advance by a standing approval instead of waiting for a person: its
     * decision, its status (queued or scheduled), no approval gate, and the digest of its content as
     * if a person had approved it, so the run gate lets exactly this content run.
     */
    ActionRecord approvedInAdvance(
            JsonNode newDecision, ActionStatus next, @Nullable Instant when, @Nullable String digest) {
        return copy(c -> {
            c.decision = newDecision;
            c.status = next;
            c.notBefore = when;
            c.approvalId = null;
            c.approvedDigest = digest;
        });
    }

    @Nullable
    String conversationId() {
        return conversation == null || !conversation.hasNonNull("id")
                ? null
                : conversation.get("id").asString();
    }

    private ActionRecord copy(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The fields an action changes after it is proposed; the rest are copied as they are. */
    private static final class Copy {

        private final ActionRecord from;
        private ActionStatus status;
        private JsonNode arguments;
        private JsonNode decision;
        private @Nullable Instant notBefore;
        private @Nullable String approvalId;
        private @Nullable JsonNode result;
        private @Nullable JsonNode error;
        private int attempts;
        private Instant updatedAt;
        private @Nullable String approvedDigest;

        Copy(ActionRecord from) {
            this.from = from;
            this.status = from.status;
            this.arguments = from.arguments;
            this.decision = from.decision;
            this.notBefore = from.notBefore;
            this.approvalId = from.approvalId;
            this.result = from.result;
            this.error = from.error;
            this.attempts = from.attempts;
            this.updatedAt = from.updatedAt;
            this.approvedDigest = from.approvedDigest;
        }

        ActionRecord build() {
            return new ActionRecord(
                    from.id,
                    from.workspaceId,
                    from.tool,
                    status,
                    arguments,
                    from.conversation,
                    from.reason,
                    from.requestReview,
                    from.requestedByType,
                    from.requestedById,
                    from.requestedByName,
                    decision,
                    notBefore,
                    approvalId,
                    result,
                    error,
                    attempts,
                    from.createdAt,
                    updatedAt,
                    approvedDigest,
                    from.test,
                    from.preparedByOperator,
                    from.batchId,
                    from.itemIndex);
        }
    }
}
