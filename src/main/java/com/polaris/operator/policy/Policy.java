package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * A tool's execution rules, as saved (Policy JSON). {@code maxAttempts} bounds how often the job
 * queue runs the tool before a person must look at it. Serialised by Jackson in its Policy JSON
 * shape, so every answer and audit event that carries a policy shows the same document a user PUTs.
 */
public record Policy(ApprovalRule approval, ExecutionMode execution, boolean businessHours, int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int MIN_ATTEMPTS = 1;
    public static final int MAX_ATTEMPTS = 20;

    /** What a tool that has never been configured gets: approval required, background, any time. */
    public static final Policy SAFE_DEFAULT =
            new Policy(ApprovalRule.REQUIRED, ExecutionMode.BACKGROUND, false, DEFAULT_MAX_ATTEMPTS);

    public Policy {
        if (maxAttempts < MIN_ATTEMPTS || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be between " + MIN_ATTEMPTS + " and " + MAX_ATTEMPTS);
        }
    }

    /** A policy with the default number of attempts. */
    public Policy(ApprovalRule approval, ExecutionMode execution, boolean businessHours) {
        this(approval, execution, businessHours, DEFAULT_MAX_ATTEMPTS);
    }

    @JsonValue
    public Map<String, Object> json() {
        return PolicyJson.write(this);
    }
}
