package com.polaris.operator.action;

/**
 * An action moved to {@code status} (or was created in it). {@link ActionTransitions} publishes it
 * in the transaction that writes the move, once per move, for every path an action takes: a
 * listener that records something in that transaction records nothing when the move rolls back.
 */
public record ActionStatusChanged(String workspaceId, String actionId, ActionStatus status) {}
