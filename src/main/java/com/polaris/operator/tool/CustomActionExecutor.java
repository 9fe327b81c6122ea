package com.polaris.operator.tool;

import com.polaris.operator.catalog.Catalog;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Runs a custom action on its base's executor (one of {@code executors}), looked up in the run's workspace. */
record CustomActionExecutor(String tool, Catalog catalog, Map<String, ToolExecutor> executors) implements ToolExecutor {

    @Override
    public ToolResult execute(ToolRun run) {
        return onBase(run, ToolExecutor::execute)
                .orElseGet(() ->
                        ToolResult.Failure.permanent("not_available", "This tool cannot run in this installation."));
    }

    @Override
    public @Nullable Map<String, Object> preview(ToolRun run) {
        return onBase(run, ToolExecutor::preview).orElse(null);
    }

    /**
     * What the base's executor answers for the run with the custom action's request template; empty
     * when the workspace has no such custom action or its base no executor.
     */
    private <R> Optional<R> onBase(ToolRun run, BiFunction<ToolExecutor, ToolRun, @Nullable R> call) {
        return catalog.customAction(run.workspaceId(), run.tool())
                .flatMap(action -> Optional.ofNullable(executors.get(action.base()))
                        .map(base -> call.apply(base, run.withConfig(action.config()))));
    }
}
