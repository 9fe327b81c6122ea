package com.polaris.operator.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.QueryPlans;
import org.junit.jupiter.api.Test;

/**
 * The bell's unread count, on every console page, reads at most a hundred entries of the unread
 * index however many notifications a member has not read: not a bitmap scan of all of them, nor the
 * table from its start (where the read ones are) until a hundred turn up.
 */
class UnreadCountPlanTest {

    @Test
    void aMemberWithTwentyThousandUnreadNotificationsCostsAHundredIndexEntries() throws Exception {
        try (var plans = QueryPlans.migrated()) {
            plans.seed(
                    // Five members of one workspace: older notifications read, the newest 20,000 unread by each.
                    """
                    insert into notification_recipients (member_id, notification_id, workspace_id, read_at)
                    select 'mem_' || (g % 5), 'ntf_' || lpad(g::text, 8, '0'), 'ws_a',
                           case when g > 100000 then null else now() end
                    from generate_series(1, 200000) g""",
                    // Another workspace's members, all unread.
                    """
                    insert into notification_recipients (member_id, notification_id, workspace_id, read_at)
                    select 'mem_b' || (g % 3), 'ntf_b' || lpad(g::text, 8, '0'), 'ws_b', null
                    from generate_series(1, 30000) g""");

            String plan = plans.explain(Notifications.UNREAD_COUNT, "mem_2", "ws_a");

            assertThat(plan)
                    .contains("Scan using notification_recipients_unread")
                    .doesNotContain("Bitmap", "Seq Scan", "Sort");
            assertThat(plans.count(Notifications.UNREAD_COUNT, "mem_2", "ws_a")).isEqualTo(100);
            assertThat(plans.count(Notifications.UNREAD_COUNT, "mem_2", "ws_b")).isZero();
        }
    }
}
