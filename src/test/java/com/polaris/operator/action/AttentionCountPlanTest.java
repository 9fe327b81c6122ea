package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.QueryPlans;
import org.junit.jupiter.api.Test;

/**
 * The count of actions that need attention (failed, or needing review), on every console page,
 * reads at most a hundred entries of the status index however many there are: not the table from
 * its start, where the completed actions are, nor a bitmap of every entry.
 */
class AttentionCountPlanTest {

    @Test
    void aWorkspaceWithTwentyThousandFailedActionsBehindAHundredThousandCompletedCostsAHundredIndexEntries()
            throws Exception {
        try (var plans = QueryPlans.migrated()) {
            plans.seed(
                    // The older actions completed; of the newest 20,000, half failed and half need review.
                    """
                    insert into actions (id, workspace_id, tool, status, arguments, request_review, requested_by_type,
                                         requested_by_id, requested_by_name, decision, attempts, created_at, updated_at)
                    select 'act_' || lpad(g::text, 8, '0'), 'ws_a', 'create_lead',
                           case when g <= 100000 then 'completed' when g % 2 = 0 then 'failed' else 'needs_review' end,
                           '{}', false, 'integration_key', 'key_a', 'Agent', '{}', 1, now(), now()
                    from generate_series(1, 120000) g""",
                    // Another workspace's, all failed.
                    """
                    insert into actions (id, workspace_id, tool, status, arguments, request_review, requested_by_type,
                                         requested_by_id, requested_by_name, decision, attempts, created_at, updated_at)
                    select 'act_b' || lpad(g::text, 8, '0'), 'ws_b', 'create_lead', 'failed',
                           '{}', false, 'integration_key', 'key_b', 'Agent', '{}', 1, now(), now()
                    from generate_series(1, 30000) g""");

            String plan = plans.explain(Actions.NEEDING_ATTENTION_COUNT, "ws_a");
            assertThat(plan)
                    .contains("Index Only Scan using actions_status")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort");
            assertThat(plans.count(Actions.NEEDING_ATTENTION_COUNT, "ws_a")).isEqualTo(100);
            assertThat(plans.count(Actions.NEEDING_ATTENTION_COUNT, "ws_c")).isZero();
        }
    }
}
