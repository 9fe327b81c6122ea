package com.polaris.operator.bench;

import com.polaris.operator.policy.Condition;
import com.polaris.operator.policy.ConditionInput;
import com.polaris.operator.policy.ConditionInput.Conversation;
import com.polaris.operator.policy.ConditionInput.RequestedBy;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures what a CEL condition costs a decision: compiling a new expression (what saving a policy
 * pays, and a proposal whose condition is not yet cached), evaluating a compiled one, and both
 * through the cache. Not part of the test suite: run it with {@code ./mvnw -Pbenchmark test
 * -Dtest=ConditionBenchmark}; results go to standard output.
 */
@Tag("benchmark")
class ConditionBenchmark {

    private static final String EXPRESSION =
            "args.percent > 15 || conversation.channel == 'whatsapp' || args.lines.exists(l, l.qty > 100)";
    private static final int ROUNDS = 5;
    private static final int COMPILES = 5_000;
    private static final int EVALUATIONS = 200_000;

    @Test
    void run() {
        var input = new ConditionInput(
                JsonMapper.builder()
                        .build()
                        .readTree("{\"percent\": 12.5, \"customer\": \"ana@acme.test\", "
                                + "\"lines\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 40}]}"),
                new Conversation("conv_81", "sms", "Hi, could I get a discount?"),
                new RequestedBy("api_key", "key_1", "Website bot", null),
                "apply_discount",
                Instant.now());
        System.out.printf(Locale.ROOT, "# Condition benchmark, %s, %s%n", Instant.now(), EXPRESSION);
        boolean sink = false;
        for (int round = 1; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < COMPILES; i++) {
                // A new text each time, so that every compilation misses the cache.
                sink ^= Condition.compile(EXPRESSION + " || args.percent == " + (round * COMPILES + i))
                        .expression()
                        .isEmpty();
            }
            long compiled = System.nanoTime();
            var condition = Condition.compile(EXPRESSION);
            for (int i = 0; i < EVALUATIONS; i++) {
                sink ^= condition.test(input);
            }
            long evaluated = System.nanoTime();
            for (int i = 0; i < EVALUATIONS; i++) {
                sink ^= Condition.compile(EXPRESSION).test(input);
            }
            long cached = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: compile %.1f µs, test %.2f µs, cached compile + test %.2f µs%n",
                    round,
                    (compiled - started) / 1e3 / COMPILES,
                    (evaluated - compiled) / 1e3 / EVALUATIONS,
                    (cached - evaluated) / 1e3 / EVALUATIONS);
        }
        System.out.println(sink ? "" : " ");
    }
}
