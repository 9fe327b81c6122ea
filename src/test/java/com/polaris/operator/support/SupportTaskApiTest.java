package com.polaris.operator.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.PostgresApiTest;
import com.polaris.operator.tool.InternalTools;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SupportTaskApiTest extends PostgresApiTest {

    @Autowired
    InternalTools tools;

    @Test
    void aTaskIsReadWithItsPriorityStatusAndOrigin() {
        String id = tools.resultField(
                tenant().id(),
                "create_support_task",
                "{\"title\": \"Call Ana back\", \"priority\": \"high\"}",
                "conv_4",
                "taskId");

        var answer = agent().get("/api/v1/support-tasks/" + id);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.text("title")).isEqualTo("Call Ana back");
        assertThat(answer.text("priority")).isEqualTo("high");
        assertThat(answer.text("status")).isEqualTo("open");
        assertThat(answer.text("actionId")).startsWith("act_");
        assertThat(answer.text("conversationId")).isEqualTo("conv_4");
        assertThat(tenant().owner().get("/api/v1/support-tasks").itemIds()).containsExactly(id);
    }

    @Test
    void anotherWorkspacesTaskIs404() {
        var theirs = newWorkspace();
        String id = tools.resultField(tenant().id(), "create_support_task", "{\"title\": \"t\"}", null, "taskId");
        theirs.owner().assertSeesNothingOf("/api/v1/support-tasks", id);
    }
}
