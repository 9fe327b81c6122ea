package com.polaris.operator.catalog;

/**
 * Whether a workspace has a tool switched on: the policy module keeps that setting (and so
 * implements this), the catalog asks when it answers the tools an agent may use.
 */
public interface ToolSwitches {

    /** Whether {@code tool} is enabled in the workspace; a tool nobody configured is. */
    boolean enabled(String workspaceId, String tool);
}
