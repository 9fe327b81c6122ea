package com.polaris.operator.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import com.polaris.operator.tool.ToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class LeadApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    private String lead(String workspaceId, String name, String conversationId) {
        return tools.resultField(
                workspaceId,
                "create_lead",
                "{\"name\": \"" + name + "\", \"email\": \"ana@example.com\", \"company\": \"ACME\"}",
                conversationId,
                "leadId");
    }

    @Test
    void membersAndIntegrationKeysReadALeadWithTheActionAndConversationBehindIt() {
        String id = lead(tenant().id(), "Ana Ruiz", "conv_81");

        for (var api :
                java.util.List.of(tenant().owner(), tenant().member("viewer").api(), tenant().integrationKey())) {
            var answer = api.get("/api/v1/leads/" + id);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.text("id")).isEqualTo(id);
            assertThat(answer.text("name")).isEqualTo("Ana Ruiz");
            assertThat(answer.text("email")).isEqualTo("ana@example.com");
            assertThat(answer.text("company")).isEqualTo("ACME");
            assertThat(answer.text("actionId")).startsWith("act_");
            assertThat(answer.text("conversationId")).isEqualTo("conv_81");
            assertThat(answer.text("createdAt")).endsWith("Z");
        }
    }

    @Test
    void anotherWorkspacesLeadIs404AndNotInItsList() {
        var theirs = newWorkspace();
        String id = lead(tenant().id(), "Ana", "conv_1");

        theirs.owner().assertSeesNothingOf("/api/v1/leads", id);
        assertThat(theirs.integrationKey().get("/api/v1/leads/" + id).status()).isEqualTo(404);
    }

    @Test
    void listIsNewestFirstAndPagesWithACursor() {
        String first = lead(tenant().id(), "First", "conv_a");
        String second = lead(tenant().id(), "Second", "conv_b");
        String third = lead(tenant().id(), "Third", "conv_a");

        var page = tenant().owner().get("/api/v1/leads?limit=2");
        assertThat(page.itemIds()).containsExactly(third, second);
        String cursor = page.text("nextCursor");
        var rest = tenant().owner().get("/api/v1/leads?limit=2&cursor=" + cursor);
        assertThat(rest.itemIds()).containsExactly(first);
        assertThat(rest.body().path("nextCursor").isNull()).isTrue();

        var ofConversation = tenant().integrationKey().get("/api/v1/leads?conversationId=conv_a");
        assertThat(ofConversation.itemIds()).containsExactly(third, first);
    }

    @Test
    void unknownLeadIs404AndNoTokenIs401() {
        assertThat(tenant().owner().get("/api/v1/leads/lead_nothing").status()).isEqualTo(404);
        assertThat(anonymous().get("/api/v1/leads").status()).isEqualTo(401);
    }

    @Test
    void updateLeadStatusMovesTheLeadAndKeepsEachChangeWithItsNote() {
        String id = lead(tenant().id(), "Ana Ruiz", "conv_status");
        assertThat(tenant().owner().get("/api/v1/leads/" + id).text("status")).isEqualTo("new");
        assertThat(tenant().owner().get("/api/v1/leads/" + id).body().path("statusChanges"))
                .isEmpty();

        var contacted = tools.run(
                tenant().id(),
                "act_contacted",
                "update_lead_status",
                "{\"leadId\": \"" + id + "\", \"status\": \"contacted\", \"note\": \"Called her back\"}",
                null);
        var won = tools.run(
                tenant().id(), "update_lead_status", "{\"leadId\": \"" + id + "\", \"status\": \"won\"}", null);
        var contactedAgain = tools.run(
                tenant().id(),
                "act_contacted",
                "update_lead_status",
                "{\"leadId\": \"" + id + "\", \"status\": \"contacted\", \"note\": \"Called her back\"}",
                null);

        assertThat(contacted).isEqualTo(new ToolResult.Success(Map.of("leadId", id, "status", "contacted")));
        assertThat(won).isEqualTo(new ToolResult.Success(Map.of("leadId", id, "status", "won")));
        assertThat(contactedAgain).as("a re-run answers what it did").isEqualTo(contacted);
        var answer = tenant().integrationKey().get("/api/v1/leads/" + id);
        assertThat(answer.text("status")).isEqualTo("won");
        var changes = answer.body().path("statusChanges");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).path("actionId").asString()).isEqualTo("act_contacted");
        assertThat(changes.get(0).path("from").asString()).isEqualTo("new");
        assertThat(changes.get(0).path("to").asString()).isEqualTo("contacted");
        assertThat(changes.get(0).path("note").asString()).isEqualTo("Called her back");
        assertThat(changes.get(1).path("from").asString()).isEqualTo("contacted");
        assertThat(changes.get(1).path("to").asString()).isEqualTo("won");
        assertThat(changes.get(1).path("note").isNull()).isTrue();
        assertThat(tenant().owner()
                        .get("/api/v1/leads")
                        .firstItem()
                        .path("status")
                        .asString())
                .isEqualTo("won");
    }

    @Test
    void anotherWorkspacesLeadCannotBeMovedAndTheRunFailsForGood() {
        var theirs = newWorkspace();
        String id = lead(tenant().id(), "Ana", "conv_1");

        var result = tools.run(
                theirs.id(), "update_lead_status", "{\"leadId\": \"" + id + "\", \"status\": \"lost\"}", null);

        assertThat(result).isInstanceOfSatisfying(ToolResult.Failure.class, failure -> {
            assertThat(failure.code()).isEqualTo("lead_not_found");
            assertThat(failure.retryable()).isFalse();
        });
        assertThat(tenant().owner().get("/api/v1/leads/" + id).text("status")).isEqualTo("new");
    }
}
