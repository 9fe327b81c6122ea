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
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
        return holds(expression, args(argsJson));
    }

    private static boolean holds(String expression, ConditionInput input) {
        return Condition.compile(expression).test(input);
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
        assertThat(holds("args.a > args.b", input)).isEqualTo(whole > fraction);
        assertThat(holds("args.b < args.a", input)).isEqualTo(fraction < whole);
        assertThat(holds("args.a == args.b", input)).isEqualTo(whole == fraction);
        assertThat(holds("args.a >= 15.5", input)).isEqualTo(whole >= 15.5);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "type(args.n) == int && args.n / 2 == 3",
                "type(args.neg) == int && args.neg < 0",
                "type(args.x) == double && args.x / 2.0 == 3.75",
                "type(args.e) == double && args.e == 100",
                "type(args.big) == double",
            })
    void jsonIntegersAreIntsAndOtherNumbersDoubles(String expression) {
        String numbers = "{\"n\": 7, \"x\": 7.5, \"e\": 1e2, \"big\": 123456789012345678901234567890, \"neg\": -3}";
        assertThat(holds(expression, numbers)).isTrue();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(quoteCharacter = '"', delimiterString = "=>", textBlock = """
            args.tier in ['gold', 'platinum']                          => true
            args.tier in ['silver']                                    => false
            'vip' in args.tags                                         => true
            args.customer.endsWith('@acme.test')                       => true
            args.customer.matches('^[a-z]+@acme[.]test$')              => true
            args.lines.exists(l, l.qty > 1)                            => true
            args.lines.all(l, l.sku.startsWith('A'))                   => false
            size(args.lines) == 2                                      => true
            args.address.country == 'ES' && args.address.zip == null  => true
            args.express                                               => true
            has(args.coupon)                                           => false
            !has(args.coupon) || args.coupon == ''                     => true
            """)
    void stringsListsAndMembershipWorkOnArguments(String expression, boolean expected) {
        String order = """
                {"customer": "ana@acme.test", "tier": "gold", "tags": ["vip", "repeat"],
                 "lines": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}],
                 "address": {"country": "ES", "zip": null}, "express": true}
                """;
        assertThat(holds(expression, order)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "conversation.channel == 'whatsapp'",
                "conversation.excerpt.contains('discount')",
                "args.percent > 15 || conversation.channel == 'whatsapp'",
                "requestedBy.role == 'reviewer' && requestedBy.type == 'member'",
                "tool == 'apply_discount'",
            })
    void conversationRequesterAndToolAreVariables(String expression) {
        assertThat(holds(expression, "{\"percent\": 5}")).isTrue();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(quoteCharacter = '"', delimiterString = "=>", textBlock = """
            conversation.channel == 'whatsapp'                         => false
            conversation.id == null                                    => true
            args.percent > 15 || conversation.channel == 'whatsapp'    => false
            requestedBy.role == null && requestedBy.type == 'api_key'  => true
            """)
    void aRequestWithoutConversationSeesNullFieldsAndComparesFalse(String expression, boolean expected) {
        var input = new ConditionInput(json("{\"percent\": 5}"), null, KEY, "apply_discount", NOW);
        assertThat(holds(expression, input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(quoteCharacter = '"', delimiterString = "=>", textBlock = """
            now > timestamp('2026-12-01T00:00:00Z')        => true
            now < timestamp('2026-12-01T00:00:00Z')        => false
            now - timestamp(args.until) > duration('24h')  => true
            now.getHours('Europe/Madrid') == 11            => true
            """)
    void nowComparesWithTimestampsAndDurations(String expression, boolean expected) {
        assertThat(holds(expression, "{\"until\": \"2026-12-01T00:00:00Z\"}")).isEqualTo(expected);
    }

    @Test
    void theSameTextGivesTheSameCompiledCondition() {
        assertThat(Condition.compile("args.percent > 40")).isSameAs(Condition.compile("args.percent > 40"));
    }

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertRefused("args.percent >").satisfies(e -> {
            var invalid = (InvalidCondition) e;
            assertThat(invalid.line()).isEqualTo(1);
            assertThat(invalid.column()).isEqualTo(15);
            assertThat(invalid.getMessage()).startsWith("1:15: ");
        });
        assertRefused("args.percent > 15 &&\n  args.tier ==== 'gold'").hasMessageStartingWith("2:");
    }

    @Test
    void anUnknownVariableIsRefusedWithItsPosition() {
        assertRefused("args.percent > 15 || channel == 'whatsapp'")
                .hasMessage("1:22: undeclared reference to 'channel'");
    }

    @Test
    void aFieldConversationOrRequestedByDoesNotHaveIsRefused() {
        assertRefused("conversation.chanel == 'whatsapp'")
                .hasMessage("1:13: conversation has no field 'chanel'; it has id, channel, excerpt");
        assertRefused("requestedBy.email.endsWith('@acme.test')")
                .hasMessageStartingWith("1:12: requestedBy has no field 'email'");
        assertThat(Condition.compile("has(args.email) && requestedBy.name != null"))
                .isNotNull();
    }

    @Test
    void aConditionThatIsNotTrueOrFalseIsRefused() {
        assertRefused("args.percent + 1").hasMessageContaining("must be true or false");
        assertRefused("tool").hasMessageContaining("must be true or false");
    }

    @Test
    void aTooLongConditionIsRefused() {
        String longest = "tool == '" + "x".repeat(Condition.MAX_LENGTH - 10) + "'";
        assertThat(longest).hasSize(Condition.MAX_LENGTH);
        assertThat(Condition.compile(longest).test(args("{}"))).isFalse();

        assertRefused(longest + " ").hasMessageContaining("at most 1000");
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
        assertFails("args.percent > 15", "{\"amount\": 20}", Kind.MISSING_VALUE)
                .hasMessage("The condition reads 'percent', which the action does not have at 1:5.");
        assertFails("args.lines[2].qty > 1", "{\"lines\": [{\"qty\": 5}]}", Kind.MISSING_VALUE);
    }

    @Test
    void aValueOfTheWrongTypeFailsTheEvaluation() {
        assertFails("args.percent > 15", "{\"percent\": \"twenty\"}", Kind.WRONG_TYPE)
                .hasMessageNotContaining("twenty");
    }

    @Test
    void aFailureNeverQuotesTheActionsValues() {
        assertFails("now > timestamp(args.validUntil)", "{\"validUntil\": \"ana.ruiz@example.com\"}", Kind.ERROR)
                .hasMessage("The condition could not be evaluated at 1:16 (bad format).")
                .hasNoCause();
    }

    @Test
    void aDynamicValueThatIsNotTrueOrFalseFailsTheEvaluation() {
        assertFails("args.express", "{\"express\": \"yes\"}", Kind.NOT_BOOLEAN)
                .hasMessage("The condition gave a string instead of true or false.");
    }

    @Test
    void aComprehensionOverAHugeListStopsAtTheIterationBudget() {
        var condition = Condition.compile("args.items.all(i, i >= 0)");
        assertThat(condition.test(args("{\"items\": " + range(Condition.MAX_ITERATIONS) + "}")))
                .isTrue();

        var input = args("{\"items\": " + range(100_000) + "}");
        long started = System.nanoTime();
        assertFails(condition, input, Kind.ITERATION_LIMIT)
                .hasMessageStartingWith("The condition went over its budget of 10000 comprehension iterations at 1:");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        assertFails(
                "args.items.exists(i, args.items.exists(j, i + j < 0))",
                "{\"items\": " + range(200) + "}",
                Kind.ITERATION_LIMIT);
    }

    @Test
    void aCatastrophicRegexRunsInLinearTimeAndAHugeOneIsRefused() {
        var input = args("{\"text\": \"" + "a".repeat(100_000) + "!\"}");
        long started = System.nanoTime();
        assertThat(holds("args.text.matches('^(a+)+$')", input)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        assertRefused("args.text.matches('(a{100}){100}')")
                .hasMessageStartingWith("1:19: the regular expression is too large");

        assertFails(
                "args.text.matches(args.pattern)",
                "{\"text\": \"aaa\", \"pattern\": \"(a{100}){100}\"}",
                Kind.REGEX_LIMIT);
    }

    @Test
    void malformedLiteralsAreRefusedWhenTheConditionIsSaved() {
        assertRefused("args.code.matches('(unclosed')")
                .hasMessageStartingWith("1:19: the regular expression is not valid");
        assertRefused("now > timestamp('next tuesday')").hasMessageStartingWith("1:17: ");
        assertRefused("now - timestamp(args.since) > duration('a while')").hasMessageStartingWith("1:40: ");
    }

    @Test
    void anEvaluationThatRunsTooLongFailsOnTheTimeLimit() {
        // Each step is cheap enough to stay within the iteration budget, but together they
        // take far longer than the time limit.
        var input = args("{\"text\": \"" + "ab".repeat(500_000) + "\", \"items\": " + range(5_000) + "}");
        var condition = Condition.compile("args.items.all(i, args.text.matches('^(ab)+$'))");
        long started = System.nanoTime();
        assertFails(condition, input, Kind.TIME_LIMIT);
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

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String expression) {
        return assertThatThrownBy(() -> Condition.compile(expression)).isInstanceOf(InvalidCondition.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
            String expression, String argsJson, Kind kind) {
        return assertFails(Condition.compile(expression), args(argsJson), kind);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
            Condition condition, ConditionInput input, Kind kind) {
        return assertThatThrownBy(() -> condition.test(input))
                .isInstanceOf(ConditionFailed.class)
                .satisfies(e -> assertThat(((ConditionFailed) e).kind()).isEqualTo(kind));
    }

    private static String range(int n) {
        var list = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        return list.append("]").toString();
    }
}
