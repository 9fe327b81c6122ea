package com.polaris.operator.tool;

import java.util.Map;

/** What one run of a tool came to. */
public sealed interface ToolResult {

    /** The tool did its work; {@code result} is the action's result document. */
    record Success(Map<String, Object> result) implements ToolResult {}

    /**
     * The tool did not do its work. {@code retryable}: trying again may succeed. {@code uncertain}:
     * the work may have happened anyway (a person must look), e.g. a timeout after sending.
     */
    record Failure(String code, String message, boolean retryable, boolean uncertain) implements ToolResult {

        public static Failure permanent(String code, String message) {
            return new Failure(code, message, false, false);
        }
    }
}
