package com.polaris.operator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.H2ApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Batches on the embedded H2 database of a plain start: approved, fanned out, completed; and cancelled while running. */
class H2BatchSmokeTest extends H2ApiTest {

    private static final String PATH = "/api/v1/action-batches";

    private static Map<String, Object> tasks(int count) {
        var items = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < count; i++) {
            items.add(Map.of("arguments", Map.of("title", "Call back customer " + i)));
        }
        return Map.of("tool", "create_support_task", "items", items, "reason", "Callbacks");
    }

    @Test
    void anApprovedBatchCompletesAndARunningOneCanBeCancelled() {
        var created = agent().post(PATH, tasks(1_200));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        String approval = created.body().path("approval").path("id").asString();
        approveAs(tenant().owner(), approval);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> agent().get(PATH + "/" + id).text("status"), "completed"::equals);
        assertThat(batchItems(agent(), id, "completed")).isEqualTo(1_200);

        tenant().savePolicy(
                        "create_support_task",
                        "none",
                        "background",
                        Map.of("businessHours", true, "bulkApprovalAbove", 10));
        tenant().closeBusinessHours();
        String waiting = agent().post(PATH, tasks(4)).text("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> batchItems(agent(), waiting, "scheduled") == 4);
        var cancelled = agent().post(PATH + "/" + waiting + "/cancel", null);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.body().path("counts").path("cancelled").asLong()).isEqualTo(4);
    }
}
