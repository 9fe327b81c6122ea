package com.polaris.operator.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.QueryPlans;
import org.junit.jupiter.api.Test;

/**
 * The inbox's two counts beside the navigation, on every console page, read at most a hundred
 * entries of their index however many approvals wait: not the table or the primary key from its
 * start, where the decided approvals are, until a hundred pending ones turn up, nor a bitmap of
 * every entry.
 */
class ApprovalCountsPlanTest {

    @Test
    void aWorkspaceWithAHundredThousandPendingApprovalsBehindAHundredThousandDecidedCostsAHundredIndexEntries()
            throws Exception {
        try (var plans = QueryPlans.migrated()) {
            plans.seed(
                    // The older half decided, the newest 100,000 pending, as after a busy day.
                    """
                    insert into approvals (id, workspace_id, action_id, status, requested_by_id, requested_at)
                    select 'apr_' || lpad(g::text, 8, '0'), 'ws_a', null,
                           case when g > 100000 then 'pending' else 'approved' end, 'key_a',
                           timestamp '2026-12-01 00:00:00' + g * interval '1 second'
                    from generate_series(1, 200000) g""",
                    // Another workspace's, all pending.
                    """
                    insert into approvals (id, workspace_id, action_id, status, requested_by_id, requested_at)
                    select 'apr_b' || lpad(g::text, 8, '0'), 'ws_b', null, 'pending', 'key_b', now()
                    from generate_series(1, 30000) g""",
                    // Three reviewers may decide 20,000 of the first workspace's pending approvals.
                    """
                    insert into approval_reviewers (approval_id, workspace_id, member_id)
                    select 'apr_' || lpad(g::text, 8, '0'), 'ws_a', 'mem_' || m
                    from generate_series(100001, 120000) g, generate_series(1, 3) m""",
                    // One reviewer of the other workspace may decide all of its approvals.
                    """
                    insert into approval_reviewers (approval_id, workspace_id, member_id)
                    select 'apr_b' || lpad(g::text, 8, '0'), 'ws_b', 'mem_b'
                    from generate_series(1, 30000) g""");

            String pending = plans.explain(Approvals.PENDING_COUNT, "ws_a");
            assertThat(pending)
                    .contains("using approvals_pending")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort", "approvals_pkey");
            assertThat(plans.count(Approvals.PENDING_COUNT, "ws_a")).isEqualTo(100);
            assertThat(plans.count(Approvals.PENDING_COUNT, "ws_c")).isZero();

            String decidable = plans.explain(Approvals.DECIDABLE_COUNT, "ws_a", "mem_2");
            assertThat(decidable)
                    .contains("Index Only Scan using approval_reviewers_member")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort");
            assertThat(plans.count(Approvals.DECIDABLE_COUNT, "ws_a", "mem_2")).isEqualTo(100);
            assertThat(plans.count(Approvals.DECIDABLE_COUNT, "ws_b", "mem_2")).isZero();
            String hers = plans.explain(Approvals.DECIDABLE_COUNT, "ws_b", "mem_b");
            assertThat(hers)
                    .contains("Index Only Scan using approval_reviewers_member")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort", "approval_reviewers_pkey");
            assertThat(plans.count(Approvals.DECIDABLE_COUNT, "ws_b", "mem_b")).isEqualTo(100);
        }
    }
}
