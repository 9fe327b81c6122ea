package com.polaris.operator.action;

import org.jspecify.annotations.Nullable;

/**
 * Which actions a list shows: those in {@code status}, of {@code tool}, named by the conversation
 * {@code conversationId}, and test runs only ({@code test} true) or real proposals only (false). A
 * null filter matches every action.
 */
public record ActionFilter(
        @Nullable ActionStatus status,
        @Nullable String tool,
        @Nullable String conversationId,
        @Nullable Boolean test) {

    /** The actions the conversation {@code conversationId} named. */
    public static ActionFilter conversation(String conversationId) {
        return new ActionFilter(null, null, conversationId, null);
    }

    /** The test runs of {@code tool}. */
    public static ActionFilter testRunsOf(String tool) {
        return new ActionFilter(null, tool, null, true);
    }
}
