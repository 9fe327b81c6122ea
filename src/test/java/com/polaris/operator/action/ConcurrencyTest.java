package com.polaris.operator.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Races a team and its agents really produce, against PostgreSQL. */
class ConcurrencyTest extends PostgresApiTest {

    /** Ana's lead, as an agent proposes it from her conversation. */
    private static final Map<String, Object> ANAS_LEAD =
            LifecycleScenarios.proposal("create_lead", LifecycleScenarios.LEAD);

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoReviewersDecidingAtOnceProduceExactlyOneDecisionAndOneRun() throws Exception {
        tenant().savePolicy("create_lead", "required", "immediate", Map.of("businessHours", false));
        var first = tenant().member("reviewer");
        var second = tenant().member("admin");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 25; round++) {
                var proposed = agent().post("/api/v1/actions", ANAS_LEAD);
                String approvalId = proposed.body().path("approval").path("id").asString();
                boolean rejectSecond = round % 2 == 0;
                var outcomes = race(
                        pool,
                        () -> first.api()
                                .post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                                .status(),
                        () -> rejectSecond
                                ? second.api()
                                        .post("/api/v1/approvals/" + approvalId + "/reject", Map.of("reason", "no"))
                                        .status()
                                : second.api()
                                        .post("/api/v1/approvals/" + approvalId + "/approve", Map.of())
                                        .status());

                assertThat(outcomes).containsExactlyInAnyOrder(200, 409);
                String actionId = proposed.text("id");
                var decisions = tenant().owner()
                        .get("/api/v1/approvals/" + approvalId)
                        .body()
                        .path("decisions");
                assertThat(decisions).hasSize(1);
                long leads = jdbc.sql("select count(*) from leads where action_id = ?")
                        .param(actionId)
                        .query(Long.class)
                        .single();
                String status = LifecycleScenarios.awaitFinal(agent(), actionId);
                assertThat(leads).isEqualTo(status.equals("completed") ? 1 : 0);
                assertThat(tenant().owner()
                                .get("/api/v1/actions/" + actionId)
                                .body()
                                .path("attempts")
                                .asInt())
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void fiftyConcurrentProposalsWithOneIdempotencyKeyCreateOneAction() throws Exception {
        int n = 50;
        var ready = new CountDownLatch(n);
        var go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return agent().post("/api/v1/actions", ANAS_LEAD, Map.of("Idempotency-Key", "same-key"));
                }));
            }
            ready.await();
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).isSubsetOf(201, 200, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        }
        assertThat(agent().get("/api/v1/actions").body().path("items")).hasSize(1);
        var replay = agent().post("/api/v1/actions", ANAS_LEAD, Map.of("Idempotency-Key", "same-key"));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(tenant().owner().get("/api/v1/usage").body().path("used").asInt())
                .isEqualTo(1);
    }

    @SafeVarargs
    private static List<Integer> race(ExecutorService pool, Callable<Integer>... calls) throws Exception {
        var go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> call : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                return call.call();
            }));
        }
        go.countDown();
        List<Integer> results = new ArrayList<>();
        for (var f : futures) {
            results.add(f.get());
        }
        return results;
    }
}
