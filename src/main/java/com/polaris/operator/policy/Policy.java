package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool's execution and review rules, as saved (Policy JSON). {@code maxAttempts} bounds how often
 * the job queue runs the tool before a person must look at it; {@code reviewers} (null: the
 * default, any owner, admin or reviewer) and the first matching {@code routes} say who decides its
 * approvals; the durations say when an open approval expires (null: the installation's default),
 * reminds and escalates (null: never). With optional approval, {@code approvalWhen} (a CEL
 * condition, null: none) asks for approval whenever it holds. {@code preparedByOperator} says whether an
 * action the operator prepared from a conversation waits for a person whatever the rules above say. A
 * batch with more than {@code bulkApprovalAbove} items needs one approval even when single actions of
 * the tool do not. Serialised by Jackson in its Policy JSON shape, so every
 * answer and audit event that carries a policy shows the same document a user PUTs.
 */
@Schema(implementation = PolicyJsonSchema.class)
public record Policy(
        ApprovalRule approval,
        ExecutionMode execution,
        boolean businessHours,
        int maxAttempts,
        @Nullable Reviewers reviewers,
        List<Route> routes,
        @Nullable Duration approvalExpiresAfter,
        @Nullable Duration remindAfter,
        @Nullable Duration escalateAfter,
        Review review,
        @Nullable String approvalWhen,
        PreparedByOperator preparedByOperator,
        int bulkApprovalAbove) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MIN_ATTEMPTS = 1;
    public static final int MAX_ATTEMPTS = 20;
    /** By default every batch of two or more items is reviewed. */
    public static final int DEFAULT_BULK_APPROVAL_ABOVE = 1;
    /** The most items a batch may have: a higher threshold would mean no batch is ever reviewed for its size. */
    public static final int MAX_BULK_APPROVAL_ABOVE = 10_000;

    /** What a tool that has never been configured gets: approval required, background, any time. */
    public static final Policy SAFE_DEFAULT =
            new Policy(ApprovalRule.REQUIRED, ExecutionMode.BACKGROUND, false, DEFAULT_MAX_ATTEMPTS);

    public Policy {
        if (maxAttempts < MIN_ATTEMPTS || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between " + MIN_ATTEMPTS + " and " + MAX_ATTEMPTS);
        }
        routes = List.copyOf(routes);
        if (bulkApprovalAbove < 0 || bulkApprovalAbove > MAX_BULK_APPROVAL_ABOVE) {
            throw new IllegalArgumentException("bulkApprovalAbove must be between 0 and " + MAX_BULK_APPROVAL_ABOVE);
        }
        if (approvalWhen != null && approval != ApprovalRule.OPTIONAL) {
            throw new IllegalArgumentException("approvalWhen goes only with optional approval");
        }
    }

    /** A policy with the default reviewers, no routes, the default timings and review. */
    public Policy(ApprovalRule approval, ExecutionMode execution, boolean businessHours, int maxAttempts) {
        this(
                approval,
                execution,
                businessHours,
                maxAttempts,
                null,
                List.of(),
                null,
                null,
                null,
                Review.DEFAULT,
                null,
                PreparedByOperator.REVIEW,
                DEFAULT_BULK_APPROVAL_ABOVE);
    }

    /** A policy with the default number of attempts. */
    public Policy(ApprovalRule approval, ExecutionMode execution, boolean businessHours) {
        this(approval, execution, businessHours, DEFAULT_MAX_ATTEMPTS);
    }

    /** Who decides when no route applies. */
    public Reviewers defaultReviewers() {
        return reviewers == null ? Reviewers.DEFAULT : reviewers;
    }

    @JsonValue
    public Map<String, Object> json() {
        return PolicyJson.write(this);
    }
}
