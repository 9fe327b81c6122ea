package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.ToolKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Finds the executor of a tool. Every {@link BuiltInTool} has its own executor: the internal ones
 * run through {@link RecordingTools}, every external one is a bean of its module (a missing one
 * stops the start); a workspace's custom action
 * runs on its base's executor, which gets the custom action's request template with the run. A
 * name that is neither is answered by an executor that fails the run with a clear reason.
 */
@Component
public class ToolExecutors {

    private final Map<String, ToolExecutor> byTool;
    private final Catalog catalog;

    ToolExecutors(List<ToolExecutor> executors, RecordingTools recordingTools, Catalog catalog) {
        Stream<ToolExecutor> internal = Arrays.stream(BuiltInTool.values())
                .filter(builtIn -> builtIn.kind() == ToolKind.INTERNAL)
                .map(builtIn -> new RecordingExecutor(builtIn, recordingTools));
        this.byTool = Stream.concat(internal, executors.stream())
                .collect(Collectors.toUnmodifiableMap(ToolExecutor::tool, Function.identity()));
        for (BuiltInTool builtIn : BuiltInTool.values()) {
            if (!byTool.containsKey(builtIn.wire())) {
                throw new IllegalStateException("The built-in tool " + builtIn.wire() + " has no executor");
            }
        }
        this.catalog = catalog;
    }

    public Optional<ToolExecutor> forTool(String tool) {
        ToolExecutor builtIn = byTool.get(tool);
        return Optional.of(builtIn != null ? builtIn : new CustomActionExecutor(tool, catalog, byTool));
    }
}
