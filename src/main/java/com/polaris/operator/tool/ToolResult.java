package com.polaris.operator.tool;

import java.time.Duration;
import java.util.Map;

/** What one run of a tool came to. */
public sealed interface ToolResult {

    /** The tool did its work; {@code result} is the action's result document. */
    record Success(Map<String, Object> result) implements ToolResult {}

    /**
     * The tool did not do its work. {@code retryable}: trying again may succeed. {@code uncertain}:
     * the work may have happened anyway (a person must look), e.g. a timeout after sending.
     * {@code retryAfter}: how long the other side asked us to wait (a {@code Retry-After}), or zero.
     * {@code message} is shown to people and stored: it must never contain a secret.
     */
    record Failure(String code, String message, boolean retryable, boolean uncertain, Duration retryAfter)
            implements ToolResult {

        public Failure(String code, String message, boolean retryable, boolean uncertain) {
            this(code, message, retryable, uncertain, Duration.ZERO);
        }

        public static Failure permanent(String code, String message) {
            return new Failure(code, message, false, false);
        }
    }
}
