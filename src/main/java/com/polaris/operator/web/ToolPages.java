package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.policy.ApprovalRule;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.PolicyPreset;
import com.polaris.operator.policy.PolicyVersion;
import com.polaris.operator.policy.ToolSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tools and their rules. The basic mode is three questions and three presets; a preset only fills
 * the form (nothing is saved until Save changes), and the page says when the form differs from what
 * is saved. Owners and admins also get the Policy JSON, validated with the API's own rules, and the
 * version history.
 */
@Controller
class ToolPages {

    private static final int HISTORY = 20;

    private final Catalog catalog;
    private final Policies policies;
    private final JsonMapper json;
    private final JsonMapper pretty;

    ToolPages(Catalog catalog, Policies policies, JsonMapper json) {
        this.catalog = catalog;
        this.policies = policies;
        this.json = json;
        this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    record ToolRow(Tool tool, boolean enabled, String rules, boolean forced) {}

    /** What the basic form shows: the three answers, and whether they differ from the saved policy. */
    record BasicForm(String approval, String execution, boolean businessHours, boolean unsaved) {}

    record VersionRow(PolicyVersion version, String rules, List<String> changes) {}

    @GetMapping("/tools")
    String list(ConsoleMember me, Model model) {
        Map<String, ToolSettings> saved = policies.all(me.workspaceId());
        model.addAttribute("tools", catalog.all(me.workspaceId()).stream()
                .sorted(Comparator.comparing(Tool::title))
                .map(t -> {
                    ToolSettings settings = saved.getOrDefault(t.name(), policies.current(me.workspaceId(), t.name()));
                    EffectivePolicy effective = PolicyEngine.effective(t.kind(), settings.policy());
                    return new ToolRow(t, settings.enabled(), rules(effective), !effective.forced().isEmpty());
                })
                .toList());
        return "tools";
    }

    @GetMapping("/tools/{name}")
    String configure(ConsoleMember me, @PathVariable String name, @RequestParam(required = false) @Nullable String preset,
            Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        Policy shown = settings.policy();
        PolicyPreset applied = null;
        if (preset != null) {
            applied = PolicyPreset.ALL.stream().filter(p -> p.name().equals(preset)).findFirst().orElse(null);
            if (applied != null) {
                shown = applied.policy();
            }
        }
        model.addAttribute("applied", applied);
        return page(me, tool, settings, form(settings.policy(), shown.approval().wire(), shown.execution().wire(),
                shown.businessHours()), null, Map.of(), model);
    }

    /** The unsaved-changes indicator, refreshed by htmx as the basic form changes. */
    @PostMapping("/tools/{name}/changes")
    String changes(ConsoleMember me, @PathVariable String name, @RequestParam(required = false) @Nullable String approval,
            @RequestParam(required = false) @Nullable String execution,
            @RequestParam(required = false) @Nullable String businessHours, Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        model.addAttribute("form", form(settings.policy(), String.valueOf(approval), String.valueOf(execution),
                businessHours != null));
        return "tool :: unsaved";
    }

    @PostMapping("/tools/{name}/policy")
    String save(ConsoleMember me, @PathVariable String name, @RequestParam String approval, @RequestParam String execution,
            @RequestParam(required = false) @Nullable String businessHours, RedirectAttributes flash) {
        Tool tool = tool(me, name);
        Policy current = policies.current(me.workspaceId(), tool.name()).policy();
        Policy wanted = new Policy(
                ApprovalRule.parse(approval).orElseThrow(() -> ApiProblem.invalid("approval", "must be yes, optional or no")),
                ExecutionMode.parse(execution).orElseThrow(() -> ApiProblem.invalid("execution",
                        "must be immediate or background")),
                businessHours != null, current.maxAttempts());
        ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), json.valueToTree(wanted));
        flash.addFlashAttribute("notice", "Saved. " + tool.title() + " now: "
                + rules(PolicyEngine.effective(tool.kind(), saved.policy())) + " (version " + saved.version() + ").");
        return "redirect:/tools/" + tool.name();
    }

    @PostMapping("/tools/{name}/policy-json")
    String saveJson(ConsoleMember me, @PathVariable String name, @RequestParam String policy, Model model,
            RedirectAttributes flash) {
        Tool tool = tool(me, name);
        me.caller().requireConfigurer();
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        JsonNode document;
        try {
            document = json.readTree(policy);
        } catch (JacksonException e) {
            return jsonErrors(me, tool, settings, policy, Map.of("policy", "is not valid JSON: "
                    + e.getOriginalMessage()), model);
        }
        try {
            ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), document);
            flash.addFlashAttribute("notice", "Policy JSON saved as version " + saved.version() + ".");
            return "redirect:/tools/" + tool.name() + "#advanced";
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                throw problem;
            }
            var errors = new java.util.LinkedHashMap<String, String>();
            problem.errors().forEach(e -> errors.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
            return jsonErrors(me, tool, settings, policy, errors, model);
        }
    }

    @PostMapping("/tools/{name}/enabled")
    String setEnabled(ConsoleMember me, @PathVariable String name, @RequestParam boolean enabled,
            RedirectAttributes flash) {
        Tool tool = tool(me, name);
        policies.setEnabled(me.caller(), tool.name(), enabled);
        flash.addFlashAttribute("notice", tool.title() + (enabled ? " is enabled." : " is disabled: agents cannot propose it."));
        return "redirect:/tools/" + tool.name();
    }

    private String jsonErrors(ConsoleMember me, Tool tool, ToolSettings settings, String text, Map<String, String> errors,
            Model model) {
        Policy saved = settings.policy();
        model.addAttribute("jsonErrors", errors);
        return page(me, tool, settings, form(saved, saved.approval().wire(), saved.execution().wire(), saved.businessHours()),
                text, errors, model);
    }

    private String page(ConsoleMember me, Tool tool, ToolSettings settings, BasicForm form, @Nullable String policyText,
            Map<String, String> jsonErrors, Model model) {
        EffectivePolicy effective = PolicyEngine.effective(tool.kind(), settings.policy());
        model.addAttribute("tool", tool);
        model.addAttribute("settings", settings);
        model.addAttribute("external", tool.kind() == ToolKind.EXTERNAL);
        model.addAttribute("effective", effective);
        model.addAttribute("effectiveWords", rules(effective));
        model.addAttribute("form", form);
        model.addAttribute("presets", PolicyPreset.ALL);
        model.addAttribute("policyText", policyText != null ? policyText : pretty.writeValueAsString(settings.policy()));
        model.addAttribute("jsonErrors", jsonErrors);
        if (me.canConfigure()) {
            model.addAttribute("history", history(me, tool));
        }
        return "tool";
    }

    private List<VersionRow> history(ConsoleMember me, Tool tool) {
        List<PolicyVersion> versions = policies.history(me.workspaceId(), tool.name(), null, HISTORY + 1).items();
        var rows = new ArrayList<VersionRow>();
        for (int i = 0; i < Math.min(HISTORY, versions.size()); i++) {
            PolicyVersion v = versions.get(i);
            Policy before = i + 1 < versions.size() ? versions.get(i + 1).policy() : v.version() == 1 ? Policy.SAFE_DEFAULT : null;
            rows.add(new VersionRow(v, rules(PolicyEngine.effective(tool.kind(), v.policy())), changes(before, v.policy())));
        }
        return rows;
    }

    private static List<String> changes(@Nullable Policy before, Policy after) {
        if (before == null) {
            return List.of();
        }
        var changes = new ArrayList<String>();
        if (before.approval() != after.approval()) {
            changes.add("approval: " + before.approval().wire() + " → " + after.approval().wire());
        }
        if (before.execution() != after.execution()) {
            changes.add("execution: " + before.execution().wire() + " → " + after.execution().wire());
        }
        if (before.businessHours() != after.businessHours()) {
            changes.add("business hours: " + (before.businessHours() ? "on" : "off") + " → "
                    + (after.businessHours() ? "on" : "off"));
        }
        if (before.maxAttempts() != after.maxAttempts()) {
            changes.add("attempts: " + before.maxAttempts() + " → " + after.maxAttempts());
        }
        return changes.isEmpty() ? List.of("saved without changes") : changes;
    }

    private static BasicForm form(Policy saved, String approval, String execution, boolean businessHours) {
        boolean unsaved = !saved.approval().wire().equals(approval) || !saved.execution().wire().equals(execution)
                || saved.businessHours() != businessHours;
        return new BasicForm(approval, execution, businessHours, unsaved);
    }

    static String rules(EffectivePolicy rules) {
        String approval = switch (rules.approval()) {
            case REQUIRED -> "a person approves every action";
            case OPTIONAL -> "approval when the agent asks for a review";
            case NONE -> "no approval";
        };
        String execution = rules.execution() == ExecutionMode.IMMEDIATE ? "runs at once" : "runs in the background";
        String when = rules.businessHours() ? "only in business hours" : "at any time";
        String text = approval + ", " + execution + ", " + when;
        return text.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + text.substring(1);
    }

    private Tool tool(ConsoleMember me, String name) {
        return catalog.find(me.workspaceId(), name).orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
    }
}
