package com.polaris.operator.policy;

import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolAnswers;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The tool documents the catalog's own endpoints answer with: each tool with the workspace's settings of it. */
@Component
class ToolDocuments implements ToolAnswers {

    private final Policies policies;

    ToolDocuments(Policies policies) {
        this.policies = policies;
    }

    @Override
    public ToolDocument of(String workspaceId, Tool tool, @Nullable String shownOnce) {
        return ToolDocument.of(tool, policies.current(workspaceId, tool.name()), shownOnce);
    }
}
