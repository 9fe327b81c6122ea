package com.polaris.operator.tool;

/**
 * Runs one tool. An internal executor is called inside the transaction that completes the action,
 * so its record and the action's new status commit together; it must key what it writes by the
 * action id, so that a re-run after a crash finds its earlier result instead of writing a second one.
 */
public interface ToolExecutor {

    String tool();

    ToolResult execute(ToolRun run);
}
