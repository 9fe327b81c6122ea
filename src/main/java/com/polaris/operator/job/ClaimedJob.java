package com.polaris.operator.job;

/**
 * A job this node holds a lease on. {@code leaseToken} is unique to this claim: completing or
 * rescheduling the job is fenced by it, so a finisher whose lease was rescued by another node
 * changes nothing. {@code attempts} counts the claims of this job, this one included.
 */
public record ClaimedJob(long id, String workspaceId, String kind, String subjectId, int attempts, String leaseToken) {}
