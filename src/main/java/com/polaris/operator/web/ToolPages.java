package com.polaris.operator.web;

import com.polaris.operator.action.DryRuns;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomActions;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools and their rules. The basic mode is three questions and three presets; a preset only fills
 * the form (nothing is saved until Save changes), and the page says when the form differs from what
 * is saved. Owners and admins also get the Policy JSON, validated with the API's own rules, and the
 * version history, and define custom actions (a webhook or an email with an input form). A custom
 * action's page has a Test button that dry-runs it with the API's own service.
 */
@Controller
class ToolPages {

    private static final int HISTORY = 20;
    private static final int SPARE_FIELDS = 2;
    static final List<String> FIELD_TYPES = List.of("string", "number", "boolean", "email");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern HEADER_LINE = Pattern.compile("([^:]+):(.*)");

    private final Catalog catalog;
    private final Policies policies;
    private final CustomActions customActions;
    private final DryRuns dryRuns;
    private final JsonMapper json;
    private final JsonMapper pretty;

    ToolPages(Catalog catalog, Policies policies, CustomActions customActions, DryRuns dryRuns, JsonMapper json) {
        this.catalog = catalog;
        this.policies = policies;
        this.customActions = customActions;
        this.dryRuns = dryRuns;
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

    /** One input field of a new custom action, as typed in the form. */
    record FieldRow(int index, String name, String type, boolean required) {}

    /** The new custom action form as typed, so it can be shown again with what needs fixing. */
    record Draft(String name, String title, String description, String base, List<FieldRow> fields, String url,
            String headers, String body, String to, String subject, String emailBody, String html) {

        static Draft empty() {
            return new Draft("", "", "", CustomActions.WEBHOOK, spare(List.of()), "https://", "", "", "", "", "", "");
        }

        static List<FieldRow> spare(List<FieldRow> filled) {
            var rows = new ArrayList<>(filled);
            for (int i = 0; i < SPARE_FIELDS; i++) {
                rows.add(new FieldRow(rows.size(), "", "string", false));
            }
            return rows;
        }
    }

    @GetMapping("/tools/new")
    String newAction(ConsoleMember me, Model model) {
        me.caller().requireConfigurer();
        return newActionPage(Draft.empty(), Map.of(), model);
    }

    /**
     * Creates a custom action with the same service as {@code POST /api/v1/tools}; a webhook's
     * signing secret is shown on this answer only. "Add another field" shows the form again with one
     * more empty field row, saving nothing.
     */
    @PostMapping("/tools/new")
    String createAction(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        me.caller().requireConfigurer();
        Draft draft = draft(params);
        if (params.containsKey("more")) {
            return newActionPage(draft, Map.of(), model);
        }
        var errors = new LinkedHashMap<String, String>();
        ObjectNode body = json.createObjectNode();
        body.put("name", draft.name().trim());
        body.put("title", draft.title().trim());
        body.put("description", draft.description().trim());
        body.put("base", draft.base());
        body.set("inputSchema", schema(draft.fields(), errors));
        ObjectNode config = body.putObject("config");
        if (CustomActions.EMAIL.equals(draft.base())) {
            putIfPresent(config, "to", draft.to());
            putIfPresent(config, "subject", draft.subject());
            putIfPresent(config, "body", draft.emailBody());
            putIfPresent(config, "html", draft.html());
        } else {
            config.put("url", draft.url().trim());
            ObjectNode headers = config.putObject("headers");
            int line = 0;
            for (String text : draft.headers().split("\\R")) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                var match = HEADER_LINE.matcher(text);
                if (!match.matches()) {
                    errors.merge("config.headers", "line " + line + " must be written as Name: value", (a, b) -> a + "; " + b);
                } else {
                    headers.put(match.group(1).trim(), match.group(2).trim());
                }
            }
            if (!draft.body().isBlank()) {
                try {
                    config.set("body", json.readTree(draft.body()));
                } catch (JacksonException e) {
                    errors.put("config.body", "is not valid JSON: " + e.getOriginalMessage());
                }
            }
        }
        if (errors.isEmpty()) {
            try {
                CustomActions.Created created = customActions.create(me.caller(), body);
                model.addAttribute("created", created.action());
                model.addAttribute("signingSecret", created.signingSecret());
                return "tool-created";
            } catch (ApiProblem problem) {
                if (problem.status() == HttpStatus.CONFLICT) {
                    errors.put("name", "is already taken by another tool");
                } else if (problem.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
                    problem.errors().forEach(e -> errors.merge(errorKey(e.field()), e.message(), (a, b) -> a + "; " + b));
                } else {
                    throw problem;
                }
            }
        }
        model.addAttribute("formError", "Some fields need fixing; nothing was saved.");
        return newActionPage(draft, errors, model);
    }

    /** Where a service error is shown: each header's problem under the headers box. */
    private static String errorKey(String field) {
        return field.startsWith("config.headers.") ? "config.headers" : field;
    }

    private String newActionPage(Draft draft, Map<String, String> errors, Model model) {
        model.addAttribute("draft", draft);
        model.addAttribute("errors", errors);
        model.addAttribute("fieldTypes", FIELD_TYPES);
        return "tool-new";
    }

    private static Draft draft(Map<String, String> params) {
        boolean more = params.containsKey("more");
        var fields = new ArrayList<FieldRow>();
        for (int i = 0; params.containsKey("fields." + i + ".name"); i++) {
            String name = params.getOrDefault("fields." + i + ".name", "").trim();
            if (!name.isEmpty() || more) {
                fields.add(new FieldRow(fields.size(), name, params.getOrDefault("fields." + i + ".type", "string"),
                        params.containsKey("fields." + i + ".required")));
            }
        }
        if (more) {
            fields.add(new FieldRow(fields.size(), "", "string", false));
        }
        return new Draft(params.getOrDefault("name", ""), params.getOrDefault("title", ""),
                params.getOrDefault("description", ""), params.getOrDefault("base", CustomActions.WEBHOOK),
                more ? fields : Draft.spare(fields), params.getOrDefault("url", ""), params.getOrDefault("headers", ""),
                params.getOrDefault("body", ""), params.getOrDefault("to", ""), params.getOrDefault("subject", ""),
                params.getOrDefault("emailBody", ""), params.getOrDefault("html", ""));
    }

    /** The form's fields as a JSON Schema 2020-12 object; unknown or repeated field names are errors. */
    private ObjectNode schema(List<FieldRow> fields, Map<String, String> errors) {
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (FieldRow field : fields) {
            if (field.name().isBlank()) {
                continue;
            }
            String key = "fields." + field.index();
            if (!FIELD_NAME.matcher(field.name()).matches()) {
                errors.put(key, "“" + field.name() + "” must start with a letter and hold only letters, digits or '_'");
                continue;
            }
            if (properties.has(field.name())) {
                errors.put(key, "“" + field.name() + "” is used twice");
                continue;
            }
            ObjectNode property = properties.putObject(field.name());
            switch (field.type()) {
                case "number" -> property.put("type", "number");
                case "boolean" -> property.put("type", "boolean");
                case "email" -> property.put("type", "string").put("format", "email").put("maxLength", 320);
                case "string" -> property.put("type", "string").put("maxLength", 2000);
                default -> errors.put(key, "the type must be one of " + String.join(", ", FIELD_TYPES));
            }
            if (field.required()) {
                required.add(field.name());
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static void putIfPresent(ObjectNode config, String field, String value) {
        if (!value.isBlank()) {
            config.put(field, value);
        }
    }

    /** The Test button: a dry run of a custom action, shown in its page (htmx swaps in just the result). */
    @PostMapping("/tools/{name}/test")
    String test(ConsoleMember me, @PathVariable String name, @RequestParam(defaultValue = "") String arguments,
            Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        model.addAttribute("testArguments", arguments);
        try {
            JsonNode parsed = json.readTree(arguments.isBlank() ? "{}" : arguments);
            var body = json.createObjectNode();
            body.set("arguments", parsed);
            DryRuns.DryRun run = dryRuns.run(me.caller(), tool.name(), body);
            model.addAttribute("dryRun", run);
            model.addAttribute("dryRunInput", pretty.writeValueAsString(run.input()));
            model.addAttribute("dryRunRequest", run.request() == null ? null : pretty.writeValueAsString(run.request()));
        } catch (JacksonException e) {
            model.addAttribute("testErrors", List.of("The arguments are not valid JSON: " + e.getOriginalMessage()));
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                throw problem;
            }
            var lines = new ArrayList<String>();
            if (problem.errors().isEmpty()) {
                lines.add(String.valueOf(problem.getMessage()));
            }
            problem.errors().forEach(e -> lines.add(e.field().isBlank() ? "The arguments " + e.message()
                    : "“" + e.field() + "” " + e.message()));
            model.addAttribute("testErrors", lines);
        }
        Policy saved = settings.policy();
        return page(me, tool, settings, form(saved, saved.approval().wire(), saved.execution().wire(), saved.businessHours()),
                null, Map.of(), model);
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
