package com.polaris.operator.tool;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs one tool. An internal executor is called inside the transaction that completes the action,
 * so its record and the action's new status commit together; it must key what it writes by the
 * action id, so that a re-run after a crash finds its earlier result instead of writing a second one.
 * An external executor is called outside any transaction and must never put a secret into its result
 * or failure message.
 */
public interface ToolExecutor {

    String tool();

    ToolResult execute(ToolRun run);

    /**
     * The request this run would send, with every secret masked, for a dry run: nothing is sent or
     * stored. Null for tools that send nothing out of Polaris.
     *
     * @throws PreviewRefused when the run could not be sent as it stands (e.g. an unknown secret)
     */
    default @Nullable Map<String, Object> preview(ToolRun run) {
        return null;
    }

    /** A dry run found that the request could not be sent; the message says why, without any secret. */
    final class PreviewRefused extends RuntimeException {

        public PreviewRefused(String message) {
            super(message);
        }
    }
}
