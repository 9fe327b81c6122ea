package com.polaris.operator.web;

import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.ToolSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The list of tools, each with its rules in words, whether it is enabled, whether it is a draft and
 * whether its approvals need attention.
 */
@Controller
@RequiredArgsConstructor
class ToolListPage {

    private final Catalog catalog;
    private final Policies policies;
    private final ToolWarnings warnings;

    /** A tool in the list; {@code warnings} are its answer's, why its approvals might find nobody to decide them. */
    record ToolRow(
            Tool tool, boolean enabled, boolean published, String rules, boolean forced, List<String> warnings) {}

    @GetMapping("/tools")
    String list(ConsoleMember me, Model model) {
        Map<String, ToolSettings> saved = policies.all(me.workspaceId());
        model.addAttribute(
                "tools",
                catalog.all(me.workspaceId()).stream()
                        .sorted(Comparator.comparing(Tool::title))
                        .map(t -> {
                            ToolSettings settings =
                                    saved.getOrDefault(t.name(), policies.current(me.workspaceId(), t.name()));
                            EffectivePolicy effective = PolicyEngine.effective(t.kind(), settings.policy());
                            return new ToolRow(
                                    t,
                                    settings.enabled(),
                                    catalog.published(me.workspaceId(), t.name()),
                                    ToolPage.rules(effective),
                                    !effective.forced().isEmpty(),
                                    warnings.of(me, t));
                        })
                        .toList());
        return "tools";
    }
}
