package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.ApiTestBase.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Proposals fired all at once at a workspace's usage limit, as agents of a busy workspace send
 * them: exactly as many as fit are accepted, every other one gets 429 {@code usage-limit-reached},
 * and the month's count ends at the limit. Shared by the PostgreSQL and H2 tests.
 */
final class UsageLimitRaces {

    private UsageLimitRaces() {}

    /** The limit, how many proposals were counted before it was set, and how many then race for what is left. */
    static Stream<Arguments> races() {
        return Stream.of(
                Arguments.of(1, 0, 12),
                Arguments.of(1, 0, 40),
                Arguments.of(2, 0, 24),
                Arguments.of(3, 1, 16),
                Arguments.of(5, 4, 30),
                Arguments.of(10, 0, 48),
                Arguments.of(17, 9, 40),
                Arguments.of(40, 0, 64),
                Arguments.of(70, 0, 90),
                Arguments.of(0, 0, 10),
                Arguments.of(3, 5, 10));
    }

    /** Runs one race and checks its outcome; {@code nodes} are the addresses the proposals are spread over. */
    static void race(Tenant tenant, int limit, int countedBefore, int racing, List<String> nodes) throws Exception {
        Api agent = tenant.integrationKey();
        for (int n = 0; n < countedBefore; n++) {
            assertThat(agent.post("/api/v1/actions", proposal(n)).status()).isEqualTo(201);
        }
        setLimit(tenant, limit);

        List<Api.Response> answers = allAtOnce(
                racing, n -> agent.at(nodes.get(n % nodes.size())).post("/api/v1/actions", proposal(1000 + n)));

        int fit = Math.max(0, limit - countedBefore);
        assertOutcome(answers, fit);
        var usage = tenant.owner().get("/api/v1/usage").body();
        assertThat(usage.path("used").asLong()).isEqualTo(countedBefore + fit);
        assertThat(agent.get("/api/v1/actions?limit=200").body().path("items")).hasSize(countedBefore + fit);
    }

    /**
     * A random walk of limit changes (raised, lowered below what is counted, removed) each followed by
     * a burst of proposals at once: every burst accepts exactly what the limit in force leaves.
     */
    static void walk(Tenant tenant, long seed) throws Exception {
        var random = new Random(seed);
        Api agent = tenant.integrationKey();
        long used = 0;
        int sent = 0;
        for (int step = 0; step < 6; step++) {
            Integer limit = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> (int) Math.max(0, used - random.nextInt(3));
                default -> (int) used + random.nextInt(12);
            };
            setLimit(tenant, limit);
            int racing = 1 + random.nextInt(20);
            int first = sent;
            List<Api.Response> answers = allAtOnce(racing, n -> agent.post("/api/v1/actions", proposal(first + n)));
            sent += racing;
            int fit = limit == null ? racing : (int) Math.max(0, Math.min(racing, limit - used));
            assertOutcome(answers, fit);
            used += fit;
            assertThat(tenant.owner().get("/api/v1/usage").body().path("used").asLong())
                    .as("step %d of seed %d (limit %s)", step, seed, limit)
                    .isEqualTo(used);
        }
    }

    private static void setLimit(Tenant tenant, @Nullable Integer limit) {
        Map<String, Object> body = new HashMap<>();
        body.put("limit", limit);
        var saved = tenant.owner().put("/api/v1/usage/limit", body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static void assertOutcome(List<Api.Response> answers, int fit) {
        var accepted = answers.stream().filter(a -> a.status() == 201).toList();
        var refused = answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(accepted).as("accepted proposals").hasSize(fit);
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(429);
            assertThat(a.text("type")).endsWith("usage-limit-reached");
        });
    }

    private static Map<String, Object> proposal(int n) {
        return Map.of(
                "tool",
                "create_support_task",
                "arguments",
                Map.of("title", "Call back customer " + n),
                "reason",
                "Customer asked");
    }

    /** Sends {@code count} requests, each on its own thread, released together; the answers in order. */
    private static List<Api.Response> allAtOnce(int count, IntFunction<Api.Response> request) throws Exception {
        var ready = new CountDownLatch(count);
        var go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            var answers = new ArrayList<Future<Api.Response>>();
            for (int n = 0; n < count; n++) {
                int number = n;
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(number);
                }));
            }
            ready.await();
            go.countDown();
            var results = new ArrayList<Api.Response>();
            for (var answer : answers) {
                results.add(answer.get());
            }
            return results;
        }
    }
}
