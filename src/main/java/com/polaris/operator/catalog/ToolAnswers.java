package com.polaris.operator.catalog;

import org.jspecify.annotations.Nullable;

/**
 * How the tools API answers with a tool: the catalog's definition with what the workspace has set
 * for it, which the policy module owns (and so implements this).
 */
public interface ToolAnswers {

    /** The tool document of API.md; {@code shownOnce} (a new webhook's signing secret) is added when not null. */
    Object of(String workspaceId, Tool tool, @Nullable String shownOnce);
}
