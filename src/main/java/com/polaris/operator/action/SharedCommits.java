package com.polaris.operator.action;

import com.polaris.operator.job.ClaimedJob;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The work of this module that shares transactions ({@link SharedTransactions}), each a {@link
 * GroupCommit} of its own with its batch sizes in {@code polaris.shared.transactions}: made here from
 * the bean that does the work, so that the bean handing items in only submits them.
 */
@Configuration
class SharedCommits {

    /** Proposals arriving at the same moment, stored together by {@link ProposalStore#store}. */
    @Bean
    GroupCommit<ProposalStore.Proposal, ProposalStore.Stored> sharedProposals(
            ProposalStore store, MeterRegistry meters, SharedTransactions shared) {
        return new GroupCommit<>(
                shared.lanes(), shared.maxItems(), GroupCommit.sizes(meters, "proposals"), store::store);
    }

    /** Runs started at the same moment, started together by {@link RunStarts#startAll}. */
    @Bean
    GroupCommit<ClaimedJob, RunOutcomes.Started> sharedRunStarts(
            RunStarts runs, MeterRegistry meters, SharedTransactions shared) {
        return new GroupCommit<>(shared.lanes(), shared.maxItems(), GroupCommit.sizes(meters, "runs"), runs::startAll);
    }
}
