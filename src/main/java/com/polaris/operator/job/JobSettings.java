package com.polaris.operator.job;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node's queue settings ({@code polaris.jobs.*}).
 *
 * @param pollInterval how often an idle worker looks for due jobs
 * @param lease how long a claimed job is held before another node may take it over
 * @param batchSize the most jobs one claim takes (never more than the free slots)
 * @param concurrency this node's job slots: jobs it holds at once
 * @param shutdownDeadline how long a stopping node lets running jobs finish
 * @param enabled whether this node's worker claims and runs jobs at all; a node without it only enqueues
 * @param nodeId this node's name in leases and attempt records; blank: a generated one, made once
 *     here so that every reader of the settings names the node alike
 */
@ConfigurationProperties("polaris.jobs")
record JobSettings(
        Duration pollInterval,
        Duration lease,
        int batchSize,
        int concurrency,
        @DefaultValue("10s") Duration shutdownDeadline,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String nodeId) {

    /** Refuses to start with a setting missing or out of range, as the application file always sets them. */
    JobSettings {
        if (pollInterval == null || !pollInterval.isPositive() || lease == null || !lease.isPositive()) {
            throw new IllegalArgumentException("polaris.jobs.poll-interval and polaris.jobs.lease must be positive");
        }
        if (batchSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "polaris.jobs.batch-size and polaris.jobs.concurrency must be at least 1");
        }
        if (nodeId.isBlank()) {
            nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
