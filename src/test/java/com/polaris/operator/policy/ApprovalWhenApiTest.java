package com.polaris.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conditional approval on PostgreSQL over HTTP: with {@code "approval": "optional"}, the policy's
 * {@code approvalWhen} sends one request to a person and lets another run, and a condition that
 * cannot be evaluated for a request asks for approval.
 */
class ApprovalWhenApiTest extends PostgresApiTest {

    @Test
    void aConditionSendsOneRequestToReviewAndLetsAnotherRun() {
        var saved = save(tenant().owner(), "args.percent > 15 || conversation.channel == 'whatsapp'");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body().path("policy").path("approvalWhen").asString())
                .isEqualTo("args.percent > 15 || conversation.channel == 'whatsapp'");
        Api agent = tenant().integrationKey();

        JsonNode small = propose(agent, 10, "web");
        JsonNode large = propose(agent, 20.5, "web");
        JsonNode fromWhatsApp = propose(agent, 5, "whatsapp");

        assertThat(small.path("status").asString()).as(small.toString()).isEqualTo("completed");
        assertThat(small.path("decision").path("approval").asString()).isEqualTo("not_required");
        assertThat(large.path("status").asString()).isEqualTo("pending_approval");
        assertThat(large.path("decision").path("reasons").path(0).asString())
                .isEqualTo("The policy asks for approval when args.percent > 15 || conversation.channel == 'whatsapp'");
        assertThat(fromWhatsApp.path("status").asString()).isEqualTo("pending_approval");
    }

    @Test
    void aConditionThatCannotBeEvaluatedAsksForApproval() {
        assertThat(save(tenant().owner(), "args.amount > 100").status()).isEqualTo(200);

        JsonNode proposed = propose(tenant().integrationKey(), 10, "web");

        assertThat(proposed.path("status").asString()).isEqualTo("pending_approval");
        assertThat(proposed.path("decision").path("reasons").path(0).asString())
                .contains("could not be evaluated")
                .contains("amount")
                .endsWith("so a person must approve");
    }

    @Test
    void aConditionWithAnotherApprovalOrThatDoesNotCompileIsRefusedAndNothingChanges() {
        Api owner = tenant().owner();
        int before = tenant().policyVersion("apply_discount");

        var required = owner.put(
                "/api/v1/tools/apply_discount/policy",
                Map.of("approval", "required", "approvalWhen", "args.percent > 15", "execution", "immediate"));
        var broken = save(owner, "args.percent >");

        assertThat(required.status()).isEqualTo(422);
        assertThat(required.body().path("errors").path(0).path("field").asString())
                .isEqualTo("approvalWhen");
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body().path("errors").path(0).path("message").asString())
                .startsWith("is not a valid condition: 1:");
        assertThat(tenant().policyVersion("apply_discount")).isEqualTo(before);
    }

    @Test
    void aDryRunShowsWhatTheConditionDecides() {
        assertThat(save(tenant().owner(), "args.percent > 15").status()).isEqualTo(200);

        var dryRun = tenant().owner()
                .post(
                        "/api/v1/tools/apply_discount/dry-run",
                        Map.of("arguments", Map.of("customer", "Ana Ruiz", "percent", 30, "reason", "Loyal customer")));

        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        assertThat(dryRun.body().path("decision").path("approval").asString()).isEqualTo("required");
    }

    private static Api.Response save(Api owner, String condition) {
        return owner.put(
                "/api/v1/tools/apply_discount/policy",
                Map.of("approval", "optional", "approvalWhen", condition, "execution", "immediate"));
    }

    private static JsonNode propose(Api agent, Number percent, String channel) {
        var body = new LinkedHashMap<String, Object>();
        body.put("tool", "apply_discount");
        body.put("arguments", Map.of("customer", "Ana Ruiz", "percent", percent, "reason", "Loyal customer"));
        body.put("conversation", Map.of("id", "conv_81", "channel", channel));
        var answer = agent.post("/api/v1/actions", body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.body();
    }
}
