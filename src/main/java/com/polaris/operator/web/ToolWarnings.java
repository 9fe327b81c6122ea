package com.polaris.operator.web;

import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolAnswers;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code warnings} of a tool's answer, as the API gives them: why its approvals might find
 * nobody to decide them. Read from the tool answer itself, so the console and the API always warn
 * alike.
 */
@Component
@RequiredArgsConstructor
class ToolWarnings {

    private final ToolAnswers answers;
    private final JsonMapper json;

    List<String> of(ConsoleMember me, Tool tool) {
        JsonNode answer = json.valueToTree(answers.of(me.workspaceId(), tool, null));
        return answer.path("warnings").valueStream().map(JsonNode::asString).toList();
    }
}
