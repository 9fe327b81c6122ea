package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Finds the executor of a tool. Every {@link BuiltInTool} has its own executor (a missing one stops
 * the start); a workspace's custom action
 * runs on its base's executor, which gets the custom action's request template with the run. A
 * name that is neither is answered by an executor that fails the run with a clear reason.
 */
@Component
public class ToolExecutors {

    private final Map<String, ToolExecutor> byTool;
    private final Catalog catalog;

    ToolExecutors(List<ToolExecutor> executors, Catalog catalog) {
        this.byTool = executors.stream().collect(Collectors.toUnmodifiableMap(ToolExecutor::tool, Function.identity()));
        for (BuiltInTool builtIn : BuiltInTool.values()) {
            if (!byTool.containsKey(builtIn.wire())) {
                throw new IllegalStateException("The built-in tool " + builtIn.wire() + " has no executor");
            }
        }
        this.catalog = catalog;
    }

    public Optional<ToolExecutor> forTool(String tool) {
        ToolExecutor builtIn = byTool.get(tool);
        return Optional.of(builtIn != null ? builtIn : new CustomActionExecutor(tool));
    }

    /** Runs a custom action on its base's executor, looked up in the run's workspace. */
    @RequiredArgsConstructor
    private final class CustomActionExecutor implements ToolExecutor {

        private final String tool;

        @Override
        public String tool() {
            return tool;
        }

        @Override
        public ToolResult execute(ToolRun run) {
            CustomAction action =
                    catalog.customAction(run.workspaceId(), run.tool()).orElse(null);
            ToolExecutor base = action == null ? null : byTool.get(action.base());
            if (action == null || base == null) {
                return ToolResult.Failure.permanent("not_available", "This tool cannot run in this installation.");
            }
            return base.execute(run.withConfig(action.config()));
        }

        @Override
        public @Nullable Map<String, Object> preview(ToolRun run) {
            CustomAction action =
                    catalog.customAction(run.workspaceId(), run.tool()).orElse(null);
            ToolExecutor base = action == null ? null : byTool.get(action.base());
            return base == null || action == null ? null : base.preview(run.withConfig(action.config()));
        }
    }
}
