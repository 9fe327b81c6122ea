package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Publications;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Role;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.PolicyPreset;
import com.polaris.operator.policy.ToolSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's rules. The basic mode is three questions and three presets, who reviews (roles, members,
 * quorum) and the follow-up timings; a preset only fills the three questions (nothing is saved until
 * Save changes; who reviews and the follow-up stay as they are), and the page says when the form
 * differs from what is saved. Owners and admins also get the Policy JSON, validated with the API's
 * own rules, the version history, and the switches that enable or disable and publish or unpublish
 * the tool.
 */
@Controller
@RequiredArgsConstructor
class ToolPolicyPages {

    private static final String BASIC_FORM = "basic-form";
    private static final String POLICY_FORM = "policy-form";
    private static final String ENABLED_FORM = "enabled-form";
    private static final String PUBLICATION_FORM = "publication-form";

    private final ToolPage toolPage;
    private final Policies policies;
    private final Publications publications;
    private final JsonMapper json;

    @GetMapping("/tools/{name}")
    String configure(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String preset,
            Model model) {
        Tool tool = toolPage.tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        BasicPolicyForm form = BasicPolicyForm.of(settings.policy());
        PolicyPreset applied = null;
        if (preset != null) {
            applied = PolicyPreset.ALL.stream()
                    .filter(p -> p.name().equals(preset))
                    .findFirst()
                    .orElse(null);
            if (applied != null) {
                form = BasicPolicyForm.preset(settings.policy(), applied.policy());
            }
        }
        model.addAttribute("applied", applied);
        return toolPage.show(me, tool, settings, form, null, FormErrors.none(), model);
    }

    /** The unsaved-changes indicator, refreshed by htmx as the basic form changes; it saves nothing. */
    @PostMapping("/tools/{name}/changes")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String changes(ConsoleMember me, @PathVariable String name, @RequestParam Map<String, String> params, Model model) {
        Tool tool = toolPage.tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        model.addAttribute("form", BasicPolicyForm.read(params, settings.policy()));
        return "tool :: unsaved";
    }

    /**
     * Saves the basic form: the saved Policy JSON with the form's answers in it, through the same
     * service as the API, so routes, what reviewers see and the retry limit stay as they were.
     */
    @PostMapping("/tools/{name}/policy")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String save(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = toolPage.tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        BasicPolicyForm form = BasicPolicyForm.read(params, settings.policy());
        var fields = new ArrayList<FormErrors.Field>(List.of(
                new FormErrors.Field("approval", "approval-required", "Approval"),
                new FormErrors.Field("execution", "execution-immediate", "When it runs")));
        fields.addAll(BasicPolicyForm.fields());
        var errors = new FormErrors(BASIC_FORM, fields);
        ObjectNode document = form.document(json.valueToTree(settings.policy()), settings.policy(), errors);
        if (document != null) {
            try {
                ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), document);
                flash.addFlashAttribute(
                        "notice",
                        "Saved. " + tool.title() + " now: "
                                + ToolPage.rules(PolicyEngine.effective(tool.kind(), saved.policy())) + " (version "
                                + saved.version() + ").");
                return "redirect:/tools/" + tool.name();
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                form.refused(problem, errors);
            }
        }
        return toolPage.show(me, tool, settings, form, null, errors, model);
    }

    @PostMapping("/tools/{name}/policy-json")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveJson(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = toolPage.tool(me, name);
        String policy = params.getOrDefault("policy", "");
        var errors = new FormErrors(POLICY_FORM, List.of(new FormErrors.Field("policy", "policy", "Policy JSON")))
                .checkText(params);
        JsonNode document = null;
        if (policy.isBlank()) {
            errors.add("policy", "is required");
        } else if (errors.isEmpty()) {
            document = FormJson.read(json, policy, "policy", "The Policy JSON is not valid JSON", errors);
        }
        if (document != null) {
            try {
                ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), document);
                flash.addFlashAttribute("notice", "Policy JSON saved as version " + saved.version() + ".");
                return "redirect:/tools/" + tool.name() + "#advanced";
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                problem.errors()
                        .forEach(e -> errors.addSentence(
                                "policy",
                                e.field().isBlank() || e.field().equals("policy")
                                        ? "The Policy JSON " + FormErrors.plain(e.message())
                                        : "“" + e.field() + "” " + FormErrors.plain(e.message())));
                if (problem.errors().isEmpty()) {
                    errors.addSentence("policy", String.valueOf(problem.getMessage()));
                }
            }
        }
        return toolPage.showSaved(me, tool, policy, errors, model);
    }

    /**
     * Publish and Unpublish: the same service as {@code POST /api/v1/tools/{name}/publish} and
     * {@code /unpublish}; a draft is hidden from agents, members may still test it.
     */
    @PostMapping("/tools/{name}/publish")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String publish(ConsoleMember me, @PathVariable String name, Model model, RedirectAttributes flash) {
        return setPublished(me, name, true, model, flash);
    }

    @PostMapping("/tools/{name}/unpublish")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String unpublish(ConsoleMember me, @PathVariable String name, Model model, RedirectAttributes flash) {
        return setPublished(me, name, false, model, flash);
    }

    private String setPublished(ConsoleMember me, String name, boolean publish, Model model, RedirectAttributes flash) {
        Tool tool = toolPage.tool(me, name);
        try {
            publications.set(me.caller(), tool.name(), publish);
            flash.addFlashAttribute(
                    "notice",
                    tool.title()
                            + (publish
                                    ? " is published: agents may propose it while it is enabled."
                                    : " is a draft: agents no longer see it; members may still test it."));
            return "redirect:/tools/" + tool.name();
        } catch (ApiProblem problem) {
            var errors = new FormErrors(PUBLICATION_FORM, List.of());
            errors.addRefusal(problem);
            return toolPage.showSaved(me, tool, null, errors, model);
        }
    }

    @PostMapping("/tools/{name}/enabled")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String setEnabled(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = toolPage.tool(me, name);
        String enabled = params.getOrDefault("enabled", "");
        var errors = new FormErrors(ENABLED_FORM, List.of());
        if (!enabled.equals("true") && !enabled.equals("false")) {
            errors.addToForm(
                    "The page did not say whether to enable or disable the tool; nothing was changed. Please try again.");
        } else {
            try {
                policies.setEnabled(me.caller(), tool.name(), Boolean.parseBoolean(enabled));
                flash.addFlashAttribute(
                        "notice",
                        tool.title()
                                + (Boolean.parseBoolean(enabled)
                                        ? " is enabled."
                                        : " is disabled: agents cannot propose it."));
                return "redirect:/tools/" + tool.name();
            } catch (ApiProblem problem) {
                errors.addRefusal(problem);
            }
        }
        return toolPage.showSaved(me, tool, null, errors, model);
    }
}
