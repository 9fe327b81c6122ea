package com.polaris.operator.catalog;

/**
 * Published inside the transaction that is about to change a custom action's definition, after
 * the action's row is locked; a listener that throws (such as {@link ToolInUse}) refuses the change
 * and rolls it back.
 */
public record CustomActionChanging(String workspaceId, String name) {}
