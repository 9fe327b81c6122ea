package com.polaris.operator.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.workspace.Member;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tool as API.md describes it: the catalog's definition with the workspace's settings.
 * {@code overridden} names the saved rules the forced ones replace (a weaker policy saved on an
 * external tool is kept, and shown here, not silently ignored); {@code base} names the built-in
 * a custom action runs on; {@code published} is false for a draft, which only members see; {@code warnings} say why its approvals might find nobody to decide them.
 */
record ToolDocument(
        String name,
        String title,
        String description,
        ToolKind kind,
        boolean enabled,
        boolean published,
        JsonNode inputSchema,
        Policy policy,
        EffectivePolicy effectivePolicy,
        List<String> overridden,
        int policyVersion,
        List<String> warnings,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String base,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer definitionVersion,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String signingSecret) {

    static ToolDocument of(
            Tool tool,
            ToolSettings settings,
            boolean published,
            @Nullable Integer definitionVersion,
            List<Member> members,
            @Nullable String signingSecret) {
        EffectivePolicy effective = PolicyEngine.effective(tool.kind(), settings.policy());
        var overridden = new ArrayList<String>();
        if (effective.approval() != settings.policy().approval()) {
            overridden.add("approval");
        }
        if (effective.execution() != settings.policy().execution()) {
            overridden.add("execution");
        }
        return new ToolDocument(
                tool.name(),
                tool.title(),
                tool.description(),
                tool.kind(),
                settings.enabled(),
                published,
                tool.inputSchema(),
                settings.policy(),
                effective,
                List.copyOf(overridden),
                settings.version(),
                ReviewWarnings.of(tool.kind(), settings.policy(), members),
                tool.base(),
                definitionVersion,
                signingSecret);
    }
}
