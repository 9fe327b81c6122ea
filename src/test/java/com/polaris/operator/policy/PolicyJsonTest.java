package com.polaris.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.api.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PolicyJsonTest {

    private static final JsonMapper JSON = JsonMapper.shared();

    @Test
    void readsACompletePolicy() {
        Policy policy = parse("""
                {"approval": "optional", "execution": "immediate", "businessHours": true, "retry": {"maxAttempts": 9}}""");

        assertThat(policy).isEqualTo(new Policy(ApprovalRule.OPTIONAL, ExecutionMode.IMMEDIATE, true, 9));
    }

    @Test
    void businessHoursAndRetryAreOptional() {
        Policy policy = parse("""
                {"approval": "none", "execution": "background"}""");

        assertThat(policy.businessHours()).isFalse();
        assertThat(policy.maxAttempts()).isEqualTo(5);
    }

    @Test
    void retryWithoutMaxAttemptsKeepsTheDefault() {
        assertThat(parse("""
                {"approval": "none", "execution": "background", "retry": {}}""").maxAttempts()).isEqualTo(5);
    }

    @Test
    void writesTheShapeItReads() {
        var policy = new Policy(ApprovalRule.REQUIRED, ExecutionMode.BACKGROUND, true, 12);

        JsonNode written = JSON.valueToTree(PolicyJson.write(policy));

        assertThat(written).isEqualTo(JSON.readTree("""
                {"approval": "required", "execution": "background", "businessHours": true, "retry": {"maxAttempts": 12}}"""));
        assertThat(PolicyJson.parse(written)).isEqualTo(policy);
    }

    @Test
    void jacksonWritesAPolicyAsPolicyJson() {
        assertThat((JsonNode) JSON.valueToTree(Policy.SAFE_DEFAULT)).isEqualTo(JSON.readTree("""
                {"approval": "required", "execution": "background", "businessHours": false, "retry": {"maxAttempts": 5}}"""));
    }

    @Test
    void unknownFieldIsNamedInTheErrors() {
        assertThat(errors("""
                {"approval": "none", "execution": "background", "colour": "blue"}""")).containsExactly(new FieldProblem("colour", "is not a known field"));
    }

    @Test
    void unknownFieldInsideRetryIsNamedWithItsPath() {
        assertThat(errors("""
                {"approval": "none", "execution": "background", "retry": {"maxAttempts": 3, "backoff": "fast"}}""")).containsExactly(new FieldProblem("retry.backoff", "is not a known field"));
    }

    @Test
    void missingApprovalAndExecutionAreBothReported() {
        assertThat(errors("{}"))
                .containsExactlyInAnyOrder(
                        new FieldProblem("approval", "is required"), new FieldProblem("execution", "is required"));
    }

    @Test
    void nullApprovalCountsAsMissing() {
        assertThat(errors("""
                {"approval": null, "execution": "background"}""")).containsExactly(new FieldProblem("approval", "is required"));
    }

    @Test
    void unknownValuesListWhatIsAllowed() {
        assertThat(errors("""
                {"approval": "sometimes", "execution": "later"}"""))
                .containsExactlyInAnyOrder(
                        new FieldProblem("approval", "must be one of required, optional, none"),
                        new FieldProblem("execution", "must be one of immediate, background"));
    }

    @Test
    void valuesAreCaseSensitive() {
        assertThat(errors("""
                {"approval": "Required", "execution": "background"}""")).extracting(FieldProblem::field).containsExactly("approval");
    }

    @Test
    void wrongTypesAreReportedPerField() {
        assertThat(errors("""
                {"approval": true, "execution": 1, "businessHours": "yes", "retry": 5}"""))
                .containsExactlyInAnyOrder(
                        new FieldProblem("approval", "must be one of required, optional, none"),
                        new FieldProblem("execution", "must be one of immediate, background"),
                        new FieldProblem("businessHours", "must be true or false"),
                        new FieldProblem("retry", "must be an object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "21", "-1", "2.5", "\"5\"", "true", "99999999999999999999"})
    void maxAttemptsOutsideOneToTwentyOrNotAWholeNumberIsRefused(String value) {
        assertThat(errors("{\"approval\": \"none\", \"execution\": \"background\", \"retry\": {\"maxAttempts\": "
                        + value + "}}"))
                .containsExactly(new FieldProblem("retry.maxAttempts", "must be a whole number from 1 to 20"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 20})
    void maxAttemptsBoundsAreAllowed(int value) {
        assertThat(parse("{\"approval\": \"none\", \"execution\": \"background\", \"retry\": {\"maxAttempts\": " + value
                                + "}}")
                        .maxAttempts())
                .isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"required\"", "null", "3"})
    void aDocumentThatIsNotAnObjectIsRefused(String document) {
        assertThat(errors(document)).containsExactly(new FieldProblem("policy", "must be a JSON object"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(errors("""
                {"approval": "maybe", "colour": "red", "retry": {"maxAttempts": 50}}"""))
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("approval", "execution", "colour", "retry.maxAttempts");
    }

    @Test
    void policyRecordRefusesAttemptsOutsideItsBounds() {
        assertThatThrownBy(() -> new Policy(ApprovalRule.NONE, ExecutionMode.IMMEDIATE, false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void approvalWhenIsKeptWithOptionalApprovalAndWrittenBack() {
        Policy policy = parse("""
                {"approval": "optional", "approvalWhen": "args.percent > 15", "execution": "immediate"}""");

        assertThat(policy.approvalWhen()).isEqualTo("args.percent > 15");
        assertThat(PolicyJson.parse(JSON.valueToTree(PolicyJson.write(policy)))).isEqualTo(policy);
        assertThat(PolicyJson.write(Policy.SAFE_DEFAULT)).doesNotContainKey("approvalWhen");
    }

    @Test
    void approvalWhenIsRefusedWithAnotherApprovalOrWhenItDoesNotCompile() {
        assertThat(errors("""
                {"approval": "required", "approvalWhen": "args.percent > 15", "execution": "immediate"}""")).extracting(FieldProblem::field).containsExactly("approvalWhen");
        assertThat(errors("""
                {"approval": "optional", "approvalWhen": "args.percent >", "execution": "immediate"}""")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("approvalWhen");
            assertThat(p.message()).startsWith("is not a valid condition: 1:");
        });
        assertThat(errors("""
                {"approval": "optional", "approvalWhen": "conversation.chanel == 'sms'", "execution": "immediate"}""")).extracting(FieldProblem::field).containsExactly("approvalWhen");
        assertThat(errors("""
                {"approval": "optional", "approvalWhen": 5, "execution": "immediate"}""")).extracting(FieldProblem::field).containsExactly("approvalWhen");
        assertThat(errors("{\"approval\": \"optional\", \"approvalWhen\": \"" + "true && ".repeat(130) + "true\", "
                        + "\"execution\": \"immediate\"}"))
                .extracting(FieldProblem::message)
                .containsExactly("must be at most 1000 characters");
    }

    @Test
    void preparedByOperatorIsReviewByDefaultAndWrittenOnlyWhenItIsPolicy() {
        Policy byDefault = parse("""
                {"approval": "none", "execution": "immediate"}""");
        Policy byPolicy = parse("""
                {"approval": "none", "execution": "immediate", "preparedByOperator": "policy"}""");

        assertThat(byDefault.preparedByOperator()).isEqualTo(PreparedByOperator.REVIEW);
        assertThat(PolicyJson.write(byDefault)).doesNotContainKey("preparedByOperator");
        assertThat(byPolicy.preparedByOperator()).isEqualTo(PreparedByOperator.POLICY);
        assertThat(PolicyJson.write(byPolicy)).containsEntry("preparedByOperator", "policy");
        assertThat(parse(JSON.writeValueAsString(PolicyJson.write(byPolicy)))).isEqualTo(byPolicy);
        assertThat(errors("""
                {"approval": "none", "execution": "immediate", "preparedByOperator": "never"}""")).extracting(FieldProblem::field).containsExactly("preparedByOperator");
    }

    private static Policy parse(String document) {
        return PolicyJson.parse(JSON.readTree(document));
    }

    private static List<FieldProblem> errors(String document) {
        try {
            PolicyJson.parse(JSON.readTree(document));
        } catch (ApiProblem problem) {
            assertThat(Problems.status(problem)).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            return problem.errors();
        }
        throw new AssertionError("expected " + document + " to be refused");
    }
}
