package com.polaris.operator.tool;

import com.polaris.operator.catalog.BuiltInTool;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An internal executor: it writes one workspace record inside the transaction that completes the
 * action (so the record and the action's new status commit together, or neither does) and keys it by
 * the action id, so that a re-run finds the earlier record and answers the same result.
 */
@RequiredArgsConstructor
abstract class RecordingExecutor implements ToolExecutor {

    private final BuiltInTool tool;

    @Override
    public String tool() {
        return tool.wire();
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public ToolResult execute(ToolRun run) {
        try {
            return record(run, new Arguments(run.arguments()));
        } catch (Arguments.Invalid e) {
            return ToolResult.Failure.permanent("invalid_arguments", e.getMessage());
        }
    }

    abstract ToolResult record(ToolRun run, Arguments arguments);

    /** The result that names the record written, e.g. {@code {"leadId": "lead_…"}}. */
    static ToolResult recorded(String field, String id) {
        return new ToolResult.Success(Map.of(field, id));
    }
}
