package com.polaris.operator.action;

import java.util.Collection;
import java.util.Map;

/**
 * The batches behind approval gates, as the approvals API and the console show and decide them.
 * Implemented by the module that owns batches, which sits above this one: approvals of batches are
 * listed and decided through the same inbox as approvals of actions.
 */
public interface BatchGates {

    /** How reviewers see each of these batches, by id; a batch of another workspace is absent. */
    Map<String, BatchSubject> subjects(String workspaceId, Collection<String> batchIds);

    /**
     * Locks the batch before its approval is decided, the order cancelling takes too; throws
     * {@code GateClosed} when the batch no longer waits for {@code approvalId}.
     */
    void lockAwaiting(String workspaceId, String batchId, String approvalId);
}
