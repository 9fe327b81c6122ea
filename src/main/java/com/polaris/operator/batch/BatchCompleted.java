package com.polaris.operator.batch;

import java.time.Instant;

/**
 * Every item's action of a running batch has ended: the batch is completed (or completed with
 * errors). Published in the transaction that records it, so a listener that writes something in that
 * transaction (an event delivery) writes it exactly when the batch's new status commits.
 */
public record BatchCompleted(String workspaceId, BatchView batch, Instant at) {}
