package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;

/** The executor of one internal built-in tool: {@link RecordingTools} runs it, in the caller's transaction. */
record RecordingExecutor(BuiltInTool builtIn, RecordingTools tools) implements ToolExecutor {

    @Override
    public String tool() {
        return builtIn.wire();
    }

    @Override
    public ToolResult execute(ToolRun run) {
        return tools.run(builtIn, run);
    }
}
