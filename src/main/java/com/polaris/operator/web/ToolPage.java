package com.polaris.operator.web;

import com.polaris.operator.action.ActionFilter;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.policy.EffectivePolicy;
import com.polaris.operator.policy.ExecutionMode;
import com.polaris.operator.policy.Policies;
import com.polaris.operator.policy.Policy;
import com.polaris.operator.policy.PolicyEngine;
import com.polaris.operator.policy.PolicyPreset;
import com.polaris.operator.policy.PolicyVersion;
import com.polaris.operator.policy.Reviewers;
import com.polaris.operator.policy.ToolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page of one tool, which its policy forms and its Test button both answer with: the rules in
 * words, whether it is published or a draft (with Publish and Unpublish for owners and admins), the
 * basic form, the Policy JSON, the version history (owners and admins), its recent test runs and, for
 * a custom action, the Test form.
 */
@Component
class ToolPage {

    private static final int HISTORY = 20;
    private static final int TEST_RUNS = 10;

    private final Catalog catalog;
    private final Policies policies;
    private final ToolWarnings warnings;
    private final ActionService actions;
    private final JsonMapper pretty;

    ToolPage(Catalog catalog, Policies policies, ToolWarnings warnings, ActionService actions, JsonMapper json) {
        this.catalog = catalog;
        this.policies = policies;
        this.warnings = warnings;
        this.actions = actions;
        this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    record VersionRow(PolicyVersion version, String rules, List<String> changes) {}

    String pretty(Object value) {
        return pretty.writeValueAsString(value);
    }

    /** Shows the page of {@code tool} with the basic form as given, and {@code policyText} (null: the saved policy). */
    String show(
            ConsoleMember me,
            Tool tool,
            ToolSettings settings,
            BasicPolicyForm form,
            @Nullable String policyText,
            FormErrors errors,
            Model model) {
        EffectivePolicy effective = PolicyEngine.effective(tool.kind(), settings.policy());
        model.addAttribute("tool", tool);
        model.addAttribute("settings", settings);
        model.addAttribute("published", catalog.published(me.workspaceId(), tool.name()));
        model.addAttribute(
                "testRuns",
                actions
                        .recent(
                                me.workspaceId(),
                                ActionFilter.testRunsOf(tool.name()),
                                new PageRequest(null, TEST_RUNS))
                        .items()
                        .stream()
                        .map(ActionPages.Row::of)
                        .toList());
        model.addAttribute("external", tool.kind() == ToolKind.EXTERNAL);
        model.addAttribute("effective", effective);
        model.addAttribute("effectiveWords", rules(effective));
        model.addAttribute("form", form);
        model.addAttribute("reviewingRoles", BasicPolicyForm.REVIEWING_ROLES);
        model.addAttribute("warnings", warnings.of(me, tool));
        model.addAttribute("followUp", followUp(settings.policy()));
        model.addAttribute("presets", PolicyPreset.ALL);
        model.addAttribute("policyText", policyText != null ? policyText : pretty(settings.policy()));
        model.addAttribute("errors", errors);
        if (me.canConfigure()) {
            model.addAttribute("history", history(me, tool));
        }
        return "tool";
    }

    /**
     * Shows the page of {@code tool} as it is saved now, with the basic form as saved: what a form
     * other than the basic one answers with when something needs fixing.
     */
    String showSaved(ConsoleMember me, Tool tool, @Nullable String policyText, FormErrors errors, Model model) {
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        return show(me, tool, settings, BasicPolicyForm.of(settings.policy()), policyText, errors, model);
    }

    private List<VersionRow> history(ConsoleMember me, Tool tool) {
        List<PolicyVersion> versions = policies.history(
                        me.workspaceId(), tool.name(), new PageRequest(null, HISTORY + 1))
                .items();
        var rows = new ArrayList<VersionRow>();
        for (int i = 0; i < Math.min(HISTORY, versions.size()); i++) {
            PolicyVersion v = versions.get(i);
            Policy before = i + 1 < versions.size()
                    ? versions.get(i + 1).policy()
                    : v.version() == 1 ? Policy.SAFE_DEFAULT : null;
            rows.add(new VersionRow(
                    v, rules(PolicyEngine.effective(tool.kind(), v.policy())), changes(before, v.policy())));
        }
        return rows;
    }

    private static List<String> changes(@Nullable Policy before, Policy after) {
        if (before == null) {
            return List.of();
        }
        var changes = new ArrayList<String>();
        if (before.approval() != after.approval()) {
            changes.add("approval: " + before.approval().wire() + " → "
                    + after.approval().wire());
        }
        if (before.execution() != after.execution()) {
            changes.add("execution: " + before.execution().wire() + " → "
                    + after.execution().wire());
        }
        if (before.businessHours() != after.businessHours()) {
            changes.add("business hours: " + (before.businessHours() ? "on" : "off") + " → "
                    + (after.businessHours() ? "on" : "off"));
        }
        if (before.maxAttempts() != after.maxAttempts()) {
            changes.add("attempts: " + before.maxAttempts() + " → " + after.maxAttempts());
        }
        if (!before.defaultReviewers().equals(after.defaultReviewers())) {
            changes.add(
                    "reviewers: " + reviewers(before.defaultReviewers()) + " → " + reviewers(after.defaultReviewers()));
        }
        if (!before.routes().equals(after.routes())) {
            changes.add("routes changed");
        }
        if (!followUp(before).equals(followUp(after))) {
            changes.add("follow-up: " + followUp(before) + " → " + followUp(after));
        }
        if (!before.review().equals(after.review())) {
            changes.add("what reviewers see changed");
        }
        return changes.isEmpty() ? List.of("saved without changes") : changes;
    }

    /** Who reviews, in words: "owner, admin, lead@acme.test; 2 must approve". */
    static String reviewers(Reviewers reviewers) {
        var names = new ArrayList<String>();
        reviewers.orderedRoles().forEach(r -> names.add(r.wire()));
        names.addAll(reviewers.members());
        return String.join(", ", names) + "; " + reviewers.quorum() + " must approve";
    }

    /** When an approval expires, reminds and escalates, in words. */
    static String followUp(Policy policy) {
        return "expires after "
                + (policy.approvalExpiresAfter() == null ? "the default time" : span(policy.approvalExpiresAfter()))
                + ", reminder " + timing(policy.remindAfter()) + ", escalation " + timing(policy.escalateAfter());
    }

    private static String timing(@Nullable Duration duration) {
        return duration == null ? "off" : "after " + span(duration);
    }

    private static String span(Duration duration) {
        String hours = BasicPolicyForm.hours(duration);
        return hours.startsWith("P") ? hours : hours + " h";
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
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    Tool tool(ConsoleMember me, String name) {
        return catalog.find(me.workspaceId(), name).orElseThrow(() -> ApiProblem.notFound("The tool '" + name + "'"));
    }
}
