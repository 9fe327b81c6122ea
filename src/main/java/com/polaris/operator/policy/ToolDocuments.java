package com.polaris.operator.policy;

import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomAction;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolAnswers;
import com.polaris.operator.workspace.Member;
import com.polaris.operator.workspace.Members;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The tool documents every endpoint answers with: each tool with the workspace's settings of it and their warnings. */
@Component
@RequiredArgsConstructor
class ToolDocuments implements ToolAnswers {

    private final Policies policies;
    private final Members members;
    private final Catalog catalog;

    @Override
    public ToolDocument of(String workspaceId, Tool tool, @Nullable String shownOnce) {
        return of(workspaceId, tool, policies.current(workspaceId, tool.name()), shownOnce);
    }

    ToolDocument of(String workspaceId, Tool tool, ToolSettings settings, @Nullable String shownOnce) {
        return ToolDocument.of(
                tool,
                settings,
                catalog.published(workspaceId, tool.name()),
                definitionVersion(workspaceId, tool),
                members.all(workspaceId),
                shownOnce);
    }

    /** Each of {@code tools} with its settings, reading the members once. */
    List<ToolDocument> of(String workspaceId, List<Tool> tools, Map<String, ToolSettings> settings) {
        List<Member> all = members.all(workspaceId);
        return tools.stream()
                .map(t -> ToolDocument.of(
                        t,
                        settings.getOrDefault(t.name(), ToolSettings.unconfigured(t.name())),
                        catalog.published(workspaceId, t.name()),
                        definitionVersion(workspaceId, t),
                        all,
                        null))
                .toList();
    }

    /** A custom action's definition version (what an approval is bound to); null for a built-in tool. */
    private @Nullable Integer definitionVersion(String workspaceId, Tool tool) {
        return tool.isCustom()
                ? catalog.customAction(workspaceId, tool.name())
                        .map(CustomAction::version)
                        .orElse(null)
                : null;
    }
}
