package com.polaris.operator.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.QueryPlans;
import org.junit.jupiter.api.Test;

/**
 * The navigation's approval counts, on every console page, read at most a hundred entries of their
 * index however many approvals wait: not a bitmap scan of all of them, nor the table until a hundred
 * turn up.
 */
class NavigationCountPlansTest {

    @Test
    void twentyThousandPendingApprovalsCostAHundredIndexEntries() throws Exception {
        try (var plans = QueryPlans.migrated()) {
            plans.seed("""
                    insert into approvals (id, workspace_id, action_id, status, requested_by_id, requested_at)
                    select 'apr_' || lpad(g::text, 8, '0'), 'ws_' || (g % 2), 'act_' || g,
                           case when g > 60000 then 'pending' else 'approved' end, 'key_1', now()
                    from generate_series(1, 100000) g""", """
                    insert into approval_reviewers (approval_id, workspace_id, member_id)
                    select id, workspace_id, 'mem_' || m from approvals, generate_series(1, 3) m
                    where status = 'pending'""");

            String pending = plans.explain(Approvals.PENDING_COUNT, "ws_1");
            String decidable = plans.explain(Approvals.DECIDABLE_COUNT, "ws_1", "mem_2");

            assertThat(pending).contains("Scan using approvals_workspace").doesNotContain("Bitmap", "Seq Scan", "Sort");
            assertThat(decidable)
                    .contains("Scan using approval_reviewers_member")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort");
            assertThat(plans.count(Approvals.PENDING_COUNT, "ws_1")).isEqualTo(100);
            assertThat(plans.count(Approvals.DECIDABLE_COUNT, "ws_1", "mem_2")).isEqualTo(100);
            assertThat(plans.count(Approvals.DECIDABLE_COUNT, "ws_9", "mem_2")).isZero();
        }
    }
}
