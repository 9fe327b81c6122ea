package com.polaris.operator.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.polaris.operator.audit.AuditEvent;
import com.polaris.operator.policy.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An action as the API shows it (API.md, "Actions"); {@code timeline} only on the single-action answer,
 * {@code test} true for a member's test run of a tool, {@code batchId} on an action fanned out from a batch.
 */
public record ActionView(
        String id,
        String tool,
        ActionStatus status,
        JsonNode arguments,
        @Nullable JsonNode conversation,
        @Nullable String reason,
        boolean test,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String batchId,
        RequestedBy requestedBy,
        DecisionView decision,
        @Nullable ApprovalRef approval,
        @Nullable JsonNode result,
        @Nullable JsonNode error,
        int attempts,
        Instant createdAt,
        Instant updatedAt,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @Nullable
        List<AuditEvent> timeline) {

    /**
     * Who asked for the action. An action the operator prepared says {@code "type": "operator"} and
     * names in {@code onBehalfOf} the caller it prepared it for, who counts as its requester.
     */
    public record RequestedBy(
            String type,
            String id,
            String name,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            RequestedBy onBehalfOf) {

        public RequestedBy(String type, String id, String name) {
            this(type, id, name, null);
        }

        static RequestedBy of(ActionRecord a) {
            var caller = new RequestedBy(a.requestedByType(), a.requestedById(), a.requestedByName());
            return a.preparedByOperator() ? new RequestedBy("operator", "operator", "Operator", caller) : caller;
        }

        /** The caller the action counts as requested by: whoever the operator prepared it for, or the caller. */
        public RequestedBy requester() {
            return onBehalfOf == null ? this : onBehalfOf;
        }
    }

    /** The decision in the API's words, on an action and in a dry run alike. */
    public record DecisionView(
            String approval,
            String execution,
            @Nullable Instant notBefore,
            List<String> reasons,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String standingApprovalId) {

        static DecisionView of(Decision decision) {
            return new DecisionView(
                    approvalWord(decision),
                    decision.execution().wire(),
                    decision.notBefore(),
                    decision.reasons(),
                    decision.standingApprovalId());
        }

        static String approvalWord(Decision decision) {
            return decision.approvalRequired() ? "required" : "not_required";
        }
    }

    public record ApprovalRef(String id, String status) {}

    /** Who proposed it: the approval module keeps requesters from deciding their own actions. */
    public String requesterId() {
        return requestedBy.requester().id();
    }

    ActionView withTimeline(List<AuditEvent> events) {
        return new ActionView(
                id,
                tool,
                status,
                arguments,
                conversation,
                reason,
                test,
                batchId,
                requestedBy,
                decision,
                approval,
                result,
                error,
                attempts,
                createdAt,
                updatedAt,
                events);
    }

    /** {@code approvalStatus}: the status of the action's latest approval, which the approval module keeps. */
    static ActionView of(ActionRecord a, @Nullable String approvalStatus) {
        JsonNode d = a.decision();
        List<String> reasons =
                d.path("reasons").valueStream().map(JsonNode::asString).toList();
        JsonNode standing = d.path("standingApprovalId");
        var decision = new DecisionView(
                d.path("approval").asString(),
                d.path("execution").asString(),
                a.notBefore(),
                reasons,
                standing.isString() ? standing.asString() : null);
        var approval =
                a.approvalId() == null ? null : new ApprovalRef(a.approvalId(), Objects.requireNonNull(approvalStatus));
        return new ActionView(
                a.id(),
                a.tool(),
                a.status(),
                a.arguments(),
                a.conversation(),
                a.reason(),
                a.test(),
                a.batchId(),
                RequestedBy.of(a),
                decision,
                approval,
                a.result(),
                a.error(),
                a.attempts(),
                a.createdAt(),
                a.updatedAt(),
                null);
    }
}
