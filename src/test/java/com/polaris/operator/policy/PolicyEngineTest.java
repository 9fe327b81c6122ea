package com.polaris.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.workspace.BusinessHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEngineTest {

    private static final BusinessHours WEEKDAYS_NINE_TO_SIX = BusinessHours.defaults(ZoneId.of("UTC"));
    /** Monday 2026-11-23, 10:00 UTC: inside the default hours. */
    private static final Instant INSIDE = Instant.parse("2026-11-23T10:00:00Z");
    /** Monday 2026-11-23, 20:00 UTC: after closing; the next window opens Tuesday 09:00. */
    private static final Instant OUTSIDE = Instant.parse("2026-11-23T20:00:00Z");

    private static final Instant NEXT_OPENING = Instant.parse("2026-11-24T09:00:00Z");
    /** An internal tool that runs in the background without approval, only in business hours. */
    private static final EffectivePolicy IN_BUSINESS_HOURS =
            PolicyEngine.effective(ToolKind.INTERNAL, new Policy(ApprovalRule.NONE, ExecutionMode.BACKGROUND, true));

    /** One saved policy met in one situation: a tool's kind, whether review was asked, the time of day. */
    record Combination(
            ApprovalRule approval,
            ExecutionMode execution,
            boolean businessHours,
            boolean requestReview,
            ToolKind kind,
            boolean inside) {

        Policy policy() {
            return new Policy(approval, execution, businessHours);
        }

        Instant now() {
            return inside ? INSIDE : OUTSIDE;
        }

        @Override
        public String toString() {
            return kind + " tool, approval " + approval + ", " + execution + ", business hours " + businessHours
                    + ", review asked " + requestReview + ", inside hours " + inside;
        }
    }

    static Stream<Combination> everyCombination() {
        var cases = new ArrayList<Combination>();
        for (ApprovalRule approval : ApprovalRule.values()) {
            for (ExecutionMode execution : ExecutionMode.values()) {
                for (boolean businessHours : List.of(false, true)) {
                    for (boolean requestReview : List.of(false, true)) {
                        for (ToolKind kind : ToolKind.values()) {
                            for (boolean inside : List.of(true, false)) {
                                cases.add(new Combination(
                                        approval, execution, businessHours, requestReview, kind, inside));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombination")
    void decisionFollowsTheSavedPolicyAndTheForcedRules(Combination c) {
        Policy saved = new Policy(c.approval(), c.execution(), c.businessHours(), 3);

        Decision decision = PolicyEngine.decide(c.kind(), saved, c.requestReview(), WEEKDAYS_NINE_TO_SIX, c.now());

        boolean external = c.kind() == ToolKind.EXTERNAL;
        boolean approvalExpected = external
                || c.approval() == ApprovalRule.REQUIRED
                || (c.approval() == ApprovalRule.OPTIONAL && c.requestReview());
        ExecutionMode executionExpected = external ? ExecutionMode.BACKGROUND : c.execution();
        Instant notBeforeExpected = c.businessHours() && !approvalExpected && !c.inside() ? NEXT_OPENING : null;

        assertThat(decision.approvalRequired()).isEqualTo(approvalExpected);
        assertThat(decision.execution()).isEqualTo(executionExpected);
        assertThat(decision.businessHours()).isEqualTo(c.businessHours());
        assertThat(decision.notBefore()).isEqualTo(notBeforeExpected);
        assertThat(decision.reasons())
                .containsExactlyElementsOf(expectedReasons(
                        c.approval(),
                        executionExpected,
                        c.businessHours(),
                        c.requestReview(),
                        external,
                        approvalExpected,
                        c.inside()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombination")
    void effectivePolicyOverridesOnlyExternalTools(Combination c) {
        EffectivePolicy rules = PolicyEngine.effective(c.kind(), c.policy());

        if (c.kind() == ToolKind.EXTERNAL) {
            assertThat(rules.approval()).isEqualTo(ApprovalRule.REQUIRED);
            assertThat(rules.execution()).isEqualTo(ExecutionMode.BACKGROUND);
            assertThat(rules.forced()).containsExactly("approval", "execution");
        } else {
            assertThat(rules.approval()).isEqualTo(c.approval());
            assertThat(rules.execution()).isEqualTo(c.execution());
            assertThat(rules.forced()).isEmpty();
        }
        assertThat(rules.businessHours()).isEqualTo(c.businessHours());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombination")
    void notBeforeWaitsOnlyForBusinessHoursOutsideThem(Combination c) {
        EffectivePolicy rules = PolicyEngine.effective(c.kind(), c.policy());

        Instant notBefore = PolicyEngine.notBefore(rules, WEEKDAYS_NINE_TO_SIX, c.now());

        assertThat(notBefore).isEqualTo(c.businessHours() && !c.inside() ? NEXT_OPENING : null);
    }

    @Test
    void externalToolNeedsApprovalEvenWhenItsPolicyAsksForNone() {
        var saved = new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, false);

        Decision decision = PolicyEngine.decide(ToolKind.EXTERNAL, saved, false, WEEKDAYS_NINE_TO_SIX, INSIDE);

        assertThat(decision.approvalRequired()).isTrue();
        assertThat(decision.execution()).isEqualTo(ExecutionMode.BACKGROUND);
        assertThat(decision.reasons())
                .containsExactly(
                        "External tools always need a person's approval",
                        "External tools always run in the background");
    }

    @Test
    void lowRiskInternalToolRunsImmediatelyWithoutApproval() {
        Decision decision = PolicyEngine.decide(
                ToolKind.INTERNAL, PolicyPreset.INTERNAL_LOW_RISK.policy(), false, WEEKDAYS_NINE_TO_SIX, OUTSIDE);

        assertThat(decision.approvalRequired()).isFalse();
        assertThat(decision.execution()).isEqualTo(ExecutionMode.IMMEDIATE);
        assertThat(decision.notBefore()).isNull();
        assertThat(decision.reasons()).containsExactly("The tool's policy needs no approval", "Runs immediately");
    }

    @Test
    void businessHoursCountInTheWorkspaceTimeZone() {
        var madrid = BusinessHours.defaults(ZoneId.of("Europe/Madrid"));

        assertThat(PolicyEngine.notBefore(IN_BUSINESS_HOURS, madrid, Instant.parse("2026-11-23T08:30:00Z")))
                .isNull();
        assertThat(PolicyEngine.notBefore(IN_BUSINESS_HOURS, madrid, Instant.parse("2026-11-23T07:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    }

    @Test
    void fridayEveningWaitsForMondayMorning() {
        assertThat(PolicyEngine.notBefore(
                        IN_BUSINESS_HOURS, WEEKDAYS_NINE_TO_SIX, Instant.parse("2026-11-27T18:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    }

    @Test
    void holidayIsSkippedToTheNextWorkingDay() {
        var hours = new BusinessHours(
                ZoneId.of("UTC"), WEEKDAYS_NINE_TO_SIX.weekly(), Set.of(LocalDate.parse("2026-11-24")));
        var rules =
                PolicyEngine.effective(ToolKind.INTERNAL, new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, true));

        Decision decision = PolicyEngine.decide(
                ToolKind.INTERNAL, new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, true), false, hours, OUTSIDE);

        assertThat(PolicyEngine.notBefore(rules, hours, OUTSIDE)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(decision.notBefore()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(decision.reasons()).contains("Outside business hours: waits until the next window opens");
    }

    @Test
    void scheduleThatNeverOpensWaitsAYear() {
        var never = new BusinessHours(ZoneId.of("UTC"), Map.<DayOfWeek, List<BusinessHours.Window>>of(), Set.of());

        assertThat(PolicyEngine.notBefore(IN_BUSINESS_HOURS, never, INSIDE))
                .isEqualTo(INSIDE.plus(Duration.ofDays(366)));
    }

    @Test
    void windowEndIsExclusiveAndStartInclusive() {
        var hours = new BusinessHours(
                ZoneId.of("UTC"),
                Map.of(DayOfWeek.MONDAY, List.of(new BusinessHours.Window(LocalTime.of(9, 0), LocalTime.of(18, 0)))),
                Set.of());

        assertThat(PolicyEngine.notBefore(IN_BUSINESS_HOURS, hours, Instant.parse("2026-11-23T09:00:00Z")))
                .isNull();
        assertThat(PolicyEngine.notBefore(IN_BUSINESS_HOURS, hours, Instant.parse("2026-11-23T18:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    }

    private static List<String> expectedReasons(
            ApprovalRule approval,
            ExecutionMode execution,
            boolean businessHours,
            boolean requestReview,
            boolean external,
            boolean approvalRequired,
            boolean inside) {
        var reasons = new ArrayList<String>();
        if (external) {
            reasons.add("External tools always need a person's approval");
        } else if (approval == ApprovalRule.REQUIRED) {
            reasons.add("The tool's policy requires approval");
        } else if (approval == ApprovalRule.OPTIONAL) {
            reasons.add(
                    requestReview
                            ? "The agent asked for a review (approval is optional for this tool)"
                            : "Approval is optional and no review was asked for");
        } else {
            reasons.add("The tool's policy needs no approval");
        }
        if (external) {
            reasons.add("External tools always run in the background");
        } else {
            reasons.add(execution == ExecutionMode.IMMEDIATE ? "Runs immediately" : "Runs in the background");
        }
        if (businessHours) {
            if (approvalRequired) {
                reasons.add("Runs only in business hours, checked again once approved");
            } else {
                reasons.add(
                        inside ? "Inside business hours" : "Outside business hours: waits until the next window opens");
            }
        }
        return reasons;
    }

    @Test
    void anOptionalApprovalWithAConditionAsksWhenItHoldsAndWhenItCannotBeEvaluated() {
        var saved = new Policy(
                ApprovalRule.OPTIONAL,
                ExecutionMode.IMMEDIATE,
                false,
                Policy.DEFAULT_MAX_ATTEMPTS,
                null,
                List.of(),
                null,
                null,
                null,
                Review.DEFAULT,
                "args.percent > 15 || conversation.channel == 'whatsapp'",
                PreparedByOperator.REVIEW,
                Policy.DEFAULT_BULK_APPROVAL_ABOVE);

        Decision small = PolicyEngine.decide(
                ToolKind.INTERNAL, saved, false, input("{\"percent\": 10}", "web"), WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision large = PolicyEngine.decide(
                ToolKind.INTERNAL, saved, false, input("{\"percent\": 20.5}", "web"), WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision whatsapp = PolicyEngine.decide(
                ToolKind.INTERNAL, saved, false, input("{\"percent\": 5}", "whatsapp"), WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision broken = PolicyEngine.decide(
                ToolKind.INTERNAL, saved, false, input("{\"customer\": \"Ana\"}", "web"), WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision asked = PolicyEngine.decide(
                ToolKind.INTERNAL, saved, true, input("{\"percent\": 10}", "web"), WEEKDAYS_NINE_TO_SIX, INSIDE);

        assertThat(small.approvalRequired()).isFalse();
        assertThat(small.reasons().getFirst()).contains("does not hold");
        assertThat(large.approvalRequired()).isTrue();
        assertThat(large.reasons().getFirst()).startsWith("The policy asks for approval when args.percent > 15");
        assertThat(whatsapp.approvalRequired()).isTrue();
        assertThat(broken.approvalRequired()).isTrue();
        assertThat(broken.reasons().getFirst())
                .contains("could not be evaluated")
                .contains("percent");
        assertThat(asked.approvalRequired()).isTrue();
        assertThat(PolicyEngine.decide(ToolKind.INTERNAL, saved, false, WEEKDAYS_NINE_TO_SIX, INSIDE)
                        .approvalRequired())
                .as("no input to test: fail closed")
                .isTrue();
    }

    private static ConditionInput input(String arguments, String channel) {
        return new ConditionInput(
                tools.jackson.databind.json.JsonMapper.shared().readTree(arguments),
                new ConditionInput.Conversation("conv_1", channel, null),
                new ConditionInput.RequestedBy("api_key", "key_1", "Website bot", null),
                "apply_discount",
                INSIDE);
    }

    @Test
    void anOperatorPreparedActionWaitsForAPersonUnlessItsPolicySaysPolicy() {
        var none = new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, false);
        var byPolicy = PolicyJson.parse(tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(
                        "{\"approval\": \"none\", \"execution\": \"immediate\", \"preparedByOperator\": \"policy\"}"));

        Decision reviewed =
                PolicyEngine.decide(ToolKind.INTERNAL, none, false, true, null, WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision asProposed =
                PolicyEngine.decide(ToolKind.INTERNAL, byPolicy, false, true, null, WEEKDAYS_NINE_TO_SIX, INSIDE);
        Decision byAnAgent =
                PolicyEngine.decide(ToolKind.INTERNAL, none, false, false, null, WEEKDAYS_NINE_TO_SIX, INSIDE);

        assertThat(reviewed.approvalRequired()).isTrue();
        assertThat(reviewed.reasons()).contains(PolicyEngine.OPERATOR_REVIEW);
        assertThat(asProposed.approvalRequired()).isFalse();
        assertThat(byAnAgent.approvalRequired()).isFalse();
    }
}
