package com.polaris.operator.tool;

import com.polaris.operator.Ids;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Runs internal tools in tests the way the action module does: inside a transaction, keyed by an action id. */
public final class InternalTools {

    private final TransactionTemplate transactions;
    private final ToolExecutors executors;

    public InternalTools(TransactionTemplate transactions, ToolExecutors executors) {
        this.transactions = transactions;
        this.executors = executors;
    }

    /** Runs {@code tool} for a new action. */
    public ToolResult run(String workspaceId, String tool, String argumentsJson, @Nullable String conversationId) {
        return run(workspaceId, Ids.next("act"), tool, argumentsJson, conversationId);
    }

    public ToolResult run(
            String workspaceId, String actionId, String tool, String argumentsJson, @Nullable String conversationId) {
        var run = new ToolRun(workspaceId, actionId, tool, JsonMapper.shared().readTree(argumentsJson), conversationId);
        ToolExecutor executor = executors.forTool(tool).orElseThrow();
        return transactions.execute(status -> executor.execute(run));
    }

    /** Runs {@code tool} for a new action and answers one field of its successful result. */
    public String resultField(
            String workspaceId, String tool, String argumentsJson, @Nullable String conversationId, String field) {
        ToolResult result = run(workspaceId, tool, argumentsJson, conversationId);
        if (!(result instanceof ToolResult.Success success)) {
            throw new AssertionError(tool + " failed: " + result);
        }
        return String.valueOf(success.result().get(field));
    }
}
