package com.polaris.operator.job;

/**
 * Works one kind of job. The handler ends the job itself, inside the transaction that records
 * the outcome, with {@link Jobs#complete} or {@link Jobs#reschedule}; a handler that throws
 * leaves the job to be retried after a short pause.
 */
public interface JobHandler {

    String kind();

    void handle(ClaimedJob job);
}
