package com.polaris.operator.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the executor of a tool. Tools without one (the external tools, until their executors
 * exist) answer empty, so the caller can fail the action with a clear reason.
 */
@Component
public class ToolExecutors {

    private final Map<String, ToolExecutor> byTool;

    ToolExecutors(List<ToolExecutor> executors) {
        this.byTool = executors.stream().collect(Collectors.toUnmodifiableMap(ToolExecutor::tool, Function.identity()));
    }

    public Optional<ToolExecutor> forTool(String tool) {
        return Optional.ofNullable(byTool.get(tool));
    }
}
