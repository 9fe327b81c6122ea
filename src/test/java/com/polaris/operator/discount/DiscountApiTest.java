package com.polaris.operator.discount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import com.polaris.operator.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DiscountApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    @Test
    void aDiscountWaitsForAPersonThenTheTeamReadsWhatWasGiven() {
        var proposed = tenant().integrationKey()
                .post(
                        "/api/v1/actions",
                        Map.of(
                                "tool",
                                "apply_discount",
                                "arguments",
                                Map.of(
                                        "customer",
                                        "Ana Ruiz",
                                        "percent",
                                        12.5,
                                        "reason",
                                        "Her order arrived late",
                                        "code",
                                        "SORRY12",
                                        "validUntil",
                                        "2026-12-31"),
                                "reason",
                                "The customer complained",
                                "conversation",
                                Map.of("id", "conv_discount")));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        assertThat(proposed.text("status")).isEqualTo("pending_approval");
        String actionId = proposed.text("id");
        String approvalId = proposed.body().path("approval").path("id").asString();

        approveAs(tenant().owner(), approvalId);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> tenant().owner().get("/api/v1/actions/" + actionId).text("status"), "completed"::equals);
        String discountId = tenant().owner()
                .get("/api/v1/actions/" + actionId)
                .body()
                .path("result")
                .path("discountId")
                .asString();

        for (var api : List.of(tenant().owner(), tenant().member("viewer").api(), tenant().integrationKey())) {
            var discount = api.get("/api/v1/discounts/" + discountId);
            assertThat(discount.status()).as(discount.toString()).isEqualTo(200);
            assertThat(discount.text("customer")).isEqualTo("Ana Ruiz");
            assertThat(discount.body().path("percent").decimalValue()).isEqualByComparingTo("12.5");
            assertThat(discount.body().path("percent").toString()).isEqualTo("12.5");
            assertThat(discount.text("reason")).isEqualTo("Her order arrived late");
            assertThat(discount.text("code")).isEqualTo("SORRY12");
            assertThat(discount.text("validUntil")).isEqualTo("2026-12-31");
            assertThat(discount.text("actionId")).isEqualTo(actionId);
            assertThat(discount.text("conversationId")).isEqualTo("conv_discount");
        }
        assertThat(tenant().owner()
                        .get("/api/v1/discounts?conversationId=conv_discount")
                        .itemIds())
                .containsExactly(discountId);
    }

    @Test
    void aPercentOutOfRangeOrFinerThanHundredthsIs422AndNothingIsProposed() {
        for (Object percent : List.of(0, -5, 100.5, 101, 12.345, "10")) {
            var answer = proposeDiscount(tenant(), Map.of("customer", "Ana", "percent", percent, "reason", "Asked"));
            assertThat(answer.status()).as("percent %s: %s", percent, answer).isEqualTo(422);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        }
        var missingReason = proposeDiscount(tenant(), Map.of("customer", "Ana", "percent", 10));
        assertThat(missingReason.status()).isEqualTo(422);
        assertThat(tenant().owner().get("/api/v1/actions").body().path("items")).isEmpty();
    }

    @Test
    void runningTheSameActionAgainAnswersTheSameDiscount() {
        String arguments = "{\"customer\": \"Ana\", \"percent\": 100, \"reason\": \"Free trial\"}";
        var first = tools.run(tenant().id(), "act_discount_once", "apply_discount", arguments, null);
        var again = tools.run(tenant().id(), "act_discount_once", "apply_discount", arguments, null);

        assertThat(first).isInstanceOf(ToolResult.Success.class);
        assertThat(again).isEqualTo(first);
        var listed = tenant().owner().get("/api/v1/discounts").body().path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("percent").toString()).isEqualTo("100");
    }

    @Test
    void anotherWorkspacesDiscountIs404AndNotInItsList() {
        var theirs = newWorkspace();
        String id = tools.resultField(
                tenant().id(),
                "apply_discount",
                "{\"customer\": \"Ana\", \"percent\": 5, \"reason\": \"Asked\"}",
                null,
                "discountId");

        theirs.owner().assertSeesNothingOf("/api/v1/discounts", id);
        assertThat(theirs.integrationKey().get("/api/v1/discounts").body().path("items"))
                .isEmpty();
        assertThat(anonymous().get("/api/v1/discounts/" + id).status()).isEqualTo(401);
    }

    /** Proposes apply_discount with {@code arguments} through a new integration key; answers the response as it came. */
    private static Api.Response proposeDiscount(Tenant tenant, Map<String, Object> arguments) {
        return tenant.integrationKey()
                .post("/api/v1/actions", Map.of("tool", "apply_discount", "arguments", arguments));
    }
}
