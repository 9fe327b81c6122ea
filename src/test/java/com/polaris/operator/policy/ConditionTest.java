package com.polaris.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.policy.ConditionFailed.Kind;
import com.polaris.operator.policy.ConditionInput.Conversation;
import com.polaris.operator.policy.ConditionInput.RequestedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ConditionTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final RequestedBy REVIEWER = new RequestedBy("member", "mem_1", "Rosa Díaz", "reviewer");
    private static final RequestedBy KEY = new RequestedBy("api_key", "key_1", "Website bot", null);
    private static final Conversation WHATSAPP = new Conversation("conv_81", "whatsapp", "Hi, a discount please");

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static ConditionInput args(String argsJson) {
        return new ConditionInput(json(argsJson), WHATSAPP, REVIEWER, "apply_discount", NOW);
    }

    private static boolean holds(String expression, String argsJson) {
        return Condition.compile(expression).test(args(argsJson));
    }

    @ParameterizedTest(name = "{0} with {1} is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "args.percent > 15   | {\"percent\": 20.5} | true",
                "args.percent > 15   | {\"percent\": 15}   | false",
                "args.percent > 15   | {\"percent\": 16}   | true",
                "args.percent > 15.5 | {\"percent\": 16}   | true",
                "args.percent >= 15  | {\"percent\": 15.0} | true",
                "args.percent < 15   | {\"percent\": 14.99} | true",
                "args.count == 2.0   | {\"count\": 2}     | true",
                "args.count == 2     | {\"count\": 2.0}   | true",
                "args.count != 2     | {\"count\": 2.5}   | true",
                "args.count == 3     | {\"count\": 2}     | false",
                "args.total > 1000   | {\"total\": 1e4}   | true",
                "args.big > 1        | {\"big\": 123456789012345678901234567890} | true",
                "args.a > args.b     | {\"a\": 2, \"b\": 1.5} | true",
            })
    void numbersCompareAcrossIntAndDouble(String expression, String argsJson, boolean expected) {
        assertThat(holds(expression, argsJson)).isEqualTo(expected);
    }

    @Property(tries = 300)
    void anIntAndADoubleCompareByTheirValue(@ForAll int whole, @ForAll double fraction) {
        var input = args("{\"a\": " + whole + ", \"b\": " + fraction + "}");
        assertThat(Condition.compile("args.a > args.b").test(input)).isEqualTo(whole > fraction);
        assertThat(Condition.compile("args.b < args.a").test(input)).isEqualTo(fraction < whole);
        assertThat(Condition.compile("args.a == args.b").test(input)).isEqualTo(whole == fraction);
        assertThat(Condition.compile("args.a >= 15.5").test(input)).isEqualTo(whole >= 15.5);
    }

    @Test
    void jsonIntegersAreIntsAndOtherNumbersDoubles() {
        String numbers = "{\"n\": 7, \"x\": 7.5, \"e\": 1e2, \"big\": 123456789012345678901234567890, \"neg\": -3}";
        assertThat(holds("type(args.n) == int && args.n / 2 == 3", numbers)).isTrue();
        assertThat(holds("type(args.neg) == int && args.neg < 0", numbers)).isTrue();
        assertThat(holds("type(args.x) == double && args.x / 2.0 == 3.75", numbers))
                .isTrue();
        assertThat(holds("type(args.e) == double && args.e == 100", numbers)).isTrue();
        assertThat(holds("type(args.big) == double", numbers)).isTrue();
    }

    @Test
    void stringsListsAndMembershipWorkOnArguments() {
        String order = """
                {"customer": "ana@acme.test", "tier": "gold", "tags": ["vip", "repeat"],
                 "lines": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}],
                 "address": {"country": "ES", "zip": null}, "express": true}
                """;
        assertThat(holds("args.tier in ['gold', 'platinum']", order)).isTrue();
        assertThat(holds("args.tier in ['silver']", order)).isFalse();
        assertThat(holds("'vip' in args.tags", order)).isTrue();
        assertThat(holds("args.customer.endsWith('@acme.test')", order)).isTrue();
        assertThat(holds("args.customer.matches('^[a-z]+@acme[.]test$')", order))
                .isTrue();
        assertThat(holds("args.lines.exists(l, l.qty > 1)", order)).isTrue();
        assertThat(holds("args.lines.all(l, l.sku.startsWith('A'))", order)).isFalse();
        assertThat(holds("size(args.lines) == 2", order)).isTrue();
        assertThat(holds("args.address.country == 'ES' && args.address.zip == null", order))
                .isTrue();
        assertThat(holds("args.express", order)).isTrue();
        assertThat(holds("has(args.coupon)", order)).isFalse();
        assertThat(holds("!has(args.coupon) || args.coupon == ''", order)).isTrue();
    }

    @Test
    void conversationRequesterAndToolAreVariables() {
        var input = args("{\"percent\": 5}");
        assertThat(Condition.compile("conversation.channel == 'whatsapp'").test(input))
                .isTrue();
        assertThat(Condition.compile("conversation.excerpt.contains('discount')")
                        .test(input))
                .isTrue();
        assertThat(Condition.compile("args.percent > 15 || conversation.channel == 'whatsapp'")
                        .test(input))
                .isTrue();
        assertThat(Condition.compile("requestedBy.role == 'reviewer' && requestedBy.type == 'member'")
                        .test(input))
                .isTrue();
        assertThat(Condition.compile("tool == 'apply_discount'").test(input)).isTrue();
    }

    @Test
    void aRequestWithoutConversationSeesNullFieldsAndComparesFalse() {
        var input = new ConditionInput(json("{\"percent\": 5}"), null, KEY, "apply_discount", NOW);
        assertThat(Condition.compile("conversation.channel == 'whatsapp'").test(input))
                .isFalse();
        assertThat(Condition.compile("conversation.id == null").test(input)).isTrue();
        assertThat(Condition.compile("args.percent > 15 || conversation.channel == 'whatsapp'")
                        .test(input))
                .isFalse();
        assertThat(Condition.compile("requestedBy.role == null && requestedBy.type == 'api_key'")
                        .test(input))
                .isTrue();
    }

    @Test
    void nowComparesWithTimestampsAndDurations() {
        var input = args("{\"until\": \"2026-12-01T00:00:00Z\"}");
        assertThat(Condition.compile("now > timestamp('2026-12-01T00:00:00Z')").test(input))
                .isTrue();
        assertThat(Condition.compile("now < timestamp('2026-12-01T00:00:00Z')").test(input))
                .isFalse();
        assertThat(Condition.compile("now - timestamp(args.until) > duration('24h')")
                        .test(input))
                .isTrue();
        assertThat(Condition.compile("now.getHours('Europe/Madrid') == 11").test(input))
                .isTrue();
    }

    @Test
    void theSameTextGivesTheSameCompiledCondition() {
        assertThat(Condition.compile("args.percent > 40")).isSameAs(Condition.compile("args.percent > 40"));
    }

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertThatThrownBy(() -> Condition.compile("args.percent >"))
                .isInstanceOf(InvalidCondition.class)
                .satisfies(e -> {
                    var invalid = (InvalidCondition) e;
                    assertThat(invalid.line()).isEqualTo(1);
                    assertThat(invalid.column()).isEqualTo(15);
                    assertThat(invalid.getMessage()).startsWith("1:15: ");
                });
        assertThatThrownBy(() -> Condition.compile("args.percent > 15 &&\n  args.tier ==== 'gold'"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("2:");
    }

    @Test
    void anUnknownVariableIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> Condition.compile("args.percent > 15 || channel == 'whatsapp'"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessage("1:22: undeclared reference to 'channel'");
    }

    @Test
    void aFieldConversationOrRequestedByDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> Condition.compile("conversation.chanel == 'whatsapp'"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessage("1:13: conversation has no field 'chanel'; it has id, channel, excerpt");
        assertThatThrownBy(() -> Condition.compile("requestedBy.email.endsWith('@acme.test')"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("1:12: requestedBy has no field 'email'");
        assertThat(Condition.compile("has(args.email) && requestedBy.name != null"))
                .isNotNull();
    }

    @Test
    void aConditionThatIsNotTrueOrFalseIsRefused() {
        assertThatThrownBy(() -> Condition.compile("args.percent + 1"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> Condition.compile("tool"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageContaining("must be true or false");
    }

    @Test
    void aTooLongConditionIsRefused() {
        String longest = "tool == '" + "x".repeat(Condition.MAX_LENGTH - 10) + "'";
        assertThat(longest).hasSize(Condition.MAX_LENGTH);
        assertThat(Condition.compile(longest).test(args("{}"))).isFalse();

        assertThatThrownBy(() -> Condition.compile(longest + " "))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageContaining("at most 1000");
    }

    @Test
    void anInvalidConditionBecomesAFieldProblemForTheFieldThatHoldsIt() {
        var invalid =
                assertThrows(InvalidCondition.class, () -> Condition.compile("args.percent > 15 || chanel == 'sms'"));
        assertThat(invalid.toFieldProblem("routes[0].when"))
                .isEqualTo(new FieldProblem(
                        "routes[0].when", "is not a valid condition: 1:22: undeclared reference to 'chanel'"));
    }

    @Test
    void aMissingArgumentFailsTheEvaluationInsteadOfAnswering() {
        var condition = Condition.compile("args.percent > 15");
        assertThatThrownBy(() -> condition.test(args("{\"amount\": 20}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.MISSING_VALUE))
                .hasMessage("The condition reads 'percent', which the action does not have at 1:5.");
        assertThatThrownBy(() -> Condition.compile("args.lines[2].qty > 1").test(args("{\"lines\": [{\"qty\": 5}]}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.MISSING_VALUE));
    }

    @Test
    void aValueOfTheWrongTypeFailsTheEvaluation() {
        var condition = Condition.compile("args.percent > 15");
        assertThatThrownBy(() -> condition.test(args("{\"percent\": \"twenty\"}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.WRONG_TYPE))
                .hasMessageNotContaining("twenty");
    }

    @Test
    void aFailureNeverQuotesTheActionsValues() {
        var condition = Condition.compile("now > timestamp(args.validUntil)");
        assertThatThrownBy(() -> condition.test(args("{\"validUntil\": \"ana.ruiz@example.com\"}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.ERROR))
                .hasMessage("The condition could not be evaluated at 1:16 (bad format).")
                .hasNoCause();
    }

    @Test
    void aDynamicValueThatIsNotTrueOrFalseFailsTheEvaluation() {
        var condition = Condition.compile("args.express");
        assertThatThrownBy(() -> condition.test(args("{\"express\": \"yes\"}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.NOT_BOOLEAN))
                .hasMessage("The condition gave a string instead of true or false.");
    }

    @Test
    void aComprehensionOverAHugeListStopsAtTheIterationBudget() {
        var condition = Condition.compile("args.items.all(i, i >= 0)");
        assertThat(condition.test(args("{\"items\": " + range(Condition.MAX_ITERATIONS) + "}")))
                .isTrue();

        var input = args("{\"items\": " + range(100_000) + "}");
        long started = System.nanoTime();
        assertThatThrownBy(() -> condition.test(input))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.ITERATION_LIMIT))
                .hasMessageStartingWith("The condition went over its budget of 10000 comprehension iterations at 1:");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        var nested = Condition.compile("args.items.exists(i, args.items.exists(j, i + j < 0))");
        assertThatThrownBy(() -> nested.test(args("{\"items\": " + range(200) + "}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.ITERATION_LIMIT));
    }

    @Test
    void aCatastrophicRegexRunsInLinearTimeAndAHugeOneIsRefused() {
        var input = args("{\"text\": \"" + "a".repeat(100_000) + "!\"}");
        long started = System.nanoTime();
        assertThat(Condition.compile("args.text.matches('^(a+)+$')").test(input))
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        assertThatThrownBy(() -> Condition.compile("args.text.matches('(a{100}){100}')"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("1:19: the regular expression is too large");

        var patternFromArguments = Condition.compile("args.text.matches(args.pattern)");
        assertThatThrownBy(() -> patternFromArguments.test(args("{\"text\": \"aaa\", \"pattern\": \"(a{100}){100}\"}")))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.REGEX_LIMIT));
    }

    @Test
    void malformedLiteralsAreRefusedWhenTheConditionIsSaved() {
        assertThatThrownBy(() -> Condition.compile("args.code.matches('(unclosed')"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("1:19: the regular expression is not valid");
        assertThatThrownBy(() -> Condition.compile("now > timestamp('next tuesday')"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("1:17: ");
        assertThatThrownBy(() -> Condition.compile("now - timestamp(args.since) > duration('a while')"))
                .isInstanceOf(InvalidCondition.class)
                .hasMessageStartingWith("1:40: ");
    }

    @Test
    void anEvaluationThatRunsTooLongFailsOnTheTimeLimit() {
        // Each step is cheap enough to stay within the iteration budget, but together they
        // take far longer than the time limit.
        var input = args("{\"text\": \"" + "ab".repeat(500_000) + "\", \"items\": " + range(5_000) + "}");
        var condition = Condition.compile("args.items.all(i, args.text.matches('^(ab)+$'))");
        long started = System.nanoTime();
        assertThatThrownBy(() -> condition.test(input))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(Kind.TIME_LIMIT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Condition.TIME_LIMIT.plusSeconds(2));
    }

    @Test
    void oneCompiledConditionAnswersManyThreadsAtOnce() throws Exception {
        var condition =
                Condition.compile("args.percent > 15 && args.lines.exists(l, l.qty > double(args.percent) / 10.0)");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < 2_000; i++) {
                int percent = i % 40;
                String argsJson = "{\"percent\": " + percent + ", \"lines\": [{\"qty\": 3}, {\"qty\": 1}]}";
                tasks.add(() -> condition.test(args(argsJson)) == (percent > 15 && 3 > percent / 10.0));
            }
            List<Future<Boolean>> answers = pool.invokeAll(tasks);
            for (var answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String range(int n) {
        var list = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        return list.append("]").toString();
    }
}
