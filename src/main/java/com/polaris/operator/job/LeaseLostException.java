package com.polaris.operator.job;

/**
 * Thrown when a job's lease is no longer this node's (it expired and another node took the job,
 * or the job was cancelled): the transaction that tried to end the job must not commit.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(ClaimedJob job) {
        super("Lease lost on " + job.kind() + " " + job.subjectId());
    }
}
