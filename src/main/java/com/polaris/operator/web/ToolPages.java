package com.polaris.operator.web;

import com.polaris.operator.action.DryRuns;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.CustomActionDefinition;
import com.polaris.operator.catalog.CustomActions;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Role;
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
    /** The names custom actions may take, as {@code POST /api/v1/tools} checks them. */
    private static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9_]{2,63}");

    private static final String NEW_ACTION = "new-action";
    private static final String TEST_FORM = "test-form";
    private static final String BASIC_FORM = "basic-form";
    private static final String POLICY_FORM = "policy-form";
    private static final String ENABLED_FORM = "enabled-form";
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
                                    rules(effective),
                                    !effective.forced().isEmpty());
                        })
                        .toList());
        return "tools";
    }

    /** One input field of a new custom action, as typed in the form. */
    record FieldRow(int index, String name, String type, boolean required) {}

    /** The new custom action form as typed, so it can be shown again with what needs fixing. */
    record Draft(
            String name,
            String title,
            String description,
            String base,
            List<FieldRow> fields,
            String url,
            String headers,
            String body,
            String to,
            String subject,
            String emailBody,
            String html) {

        static Draft empty() {
            return new Draft(
                    "",
                    "",
                    "",
                    BuiltInTool.GENERIC_WEBHOOK.wire(),
                    spare(List.of()),
                    "https://",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "");
        }

        /** The form's fields, in the order it shows them. */
        List<FormErrors.Field> formFields() {
            var list = new ArrayList<>(List.of(
                    new FormErrors.Field("name", "action-name", "Name"),
                    new FormErrors.Field("title", "action-title", "Title"),
                    new FormErrors.Field("description", "action-description", "Description"),
                    new FormErrors.Field("base", "base-webhook", "What it does"),
                    new FormErrors.Field("inputSchema", "field-name-0", "Input fields")));
            for (FieldRow row : fields) {
                String number = "Field " + (row.index() + 1);
                list.add(new FormErrors.Field(
                        "fields." + row.index() + ".name", "field-name-" + row.index(), number + " name"));
                list.add(new FormErrors.Field(
                        "fields." + row.index() + ".type", "field-type-" + row.index(), number + " type"));
            }
            list.addAll(List.of(
                    new FormErrors.Field("url", "webhook-url", "URL"),
                    new FormErrors.Field("headers", "webhook-headers", "Headers"),
                    new FormErrors.Field("body", "webhook-body", "Body template"),
                    new FormErrors.Field("to", "email-to", "To"),
                    new FormErrors.Field("subject", "email-subject", "Subject"),
                    new FormErrors.Field("emailBody", "email-body", "Text body"),
                    new FormErrors.Field("html", "email-html", "HTML body")));
            return list;
        }

        /** What was typed, by parameter, as the rows are numbered now. */
        Map<String, String> values() {
            var values = new LinkedHashMap<String, String>(Map.of(
                    "name",
                    name,
                    "title",
                    title,
                    "description",
                    description,
                    "base",
                    base,
                    "url",
                    url,
                    "headers",
                    headers,
                    "body",
                    body,
                    "to",
                    to,
                    "subject",
                    subject));
            values.put("emailBody", emailBody);
            values.put("html", html);
            for (FieldRow row : fields) {
                values.put("fields." + row.index() + ".name", row.name());
                values.put("fields." + row.index() + ".type", row.type());
            }
            return values;
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
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String newAction(ConsoleMember me, Model model) {
        return newActionPage(Draft.empty(), FormErrors.none(), model);
    }

    /**
     * Creates a custom action with the same service as {@code POST /api/v1/tools}; a webhook's
     * signing secret is shown on this answer only. "Add another field" shows the form again with one
     * more empty field row, saving nothing.
     */
    @PostMapping("/tools/new")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String createAction(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        Draft draft = draft(params);
        if (params.containsKey("more")) {
            return newActionPage(draft, FormErrors.none(), model);
        }
        var errors = new FormErrors(NEW_ACTION, draft.formFields()).checkText(draft.values());
        boolean email = BuiltInTool.SEND_EMAIL.wire().equals(draft.base());
        String name = draft.name().trim();
        if (name.isEmpty()) {
            errors.add("name", "is required");
        } else if (!ACTION_NAME.matcher(name).matches()) {
            errors.add("name", "must be 3 to 64 characters: lower-case letters, digits or _, starting with a letter");
        }
        if (draft.title().isBlank()) {
            errors.add("title", "is required");
        }
        if (!email && !BuiltInTool.GENERIC_WEBHOOK.wire().equals(draft.base())) {
            errors.addSentence("base", "Choose what it does: call a webhook or send an email.");
        }
        ObjectNode inputSchema = schema(draft.fields(), errors);
        ObjectNode config = json.createObjectNode();
        if (email) {
            putIfPresent(config, "to", draft.to());
            putIfPresent(config, "subject", draft.subject());
            putIfPresent(config, "body", draft.emailBody());
            putIfPresent(config, "html", draft.html());
        } else {
            if (draft.url().isBlank()) {
                errors.add("url", "is required");
            }
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
                    errors.addSentence("headers", "Headers: write line " + line + " as Name: value");
                } else {
                    headers.put(match.group(1).trim(), match.group(2).trim());
                }
            }
            if (!draft.body().isBlank()) {
                JsonNode template = readJson(draft.body(), "body", "Body template is not valid JSON", errors);
                if (template != null) {
                    config.set("body", template);
                }
            }
        }
        if (errors.isEmpty()) {
            try {
                CustomActions.Created created = customActions.create(
                        me.caller(),
                        new CustomActionDefinition(
                                name,
                                draft.title().trim(),
                                draft.description().trim(),
                                draft.base(),
                                inputSchema,
                                config));
                model.addAttribute("created", created.action());
                model.addAttribute("signingSecret", created.shownOnce());
                return "tool-created";
            } catch (ApiProblem problem) {
                if (problem.status() == HttpStatus.CONFLICT) {
                    errors.add("name", "is already taken by another tool");
                } else if (problem.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
                    serviceErrors(problem, email, errors);
                } else {
                    throw problem;
                }
            }
        }
        return newActionPage(draft, errors, model);
    }

    /** Puts the custom action service's refusal beside the fields of the form it came from. */
    private static void serviceErrors(ApiProblem problem, boolean email, FormErrors errors) {
        for (ApiProblem.FieldProblem p : problem.errors()) {
            String field = p.field();
            String words = FormErrors.plain(p.message());
            if (field.startsWith("config.headers.")) {
                errors.addSentence(
                        "headers", "Headers: “" + field.substring("config.headers.".length()) + "” " + words);
            } else if (field.startsWith("config.")) {
                String param = field.substring("config.".length());
                errors.add(email && param.equals("body") ? "emailBody" : param, words);
            } else if (field.startsWith("inputSchema")) {
                errors.add("inputSchema", words);
            } else {
                errors.add(field, words);
            }
        }
        if (problem.errors().isEmpty()) {
            errors.addToForm(String.valueOf(problem.getMessage()));
        }
    }

    private String newActionPage(Draft draft, FormErrors errors, Model model) {
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
                fields.add(new FieldRow(
                        fields.size(),
                        name,
                        params.getOrDefault("fields." + i + ".type", "string"),
                        params.containsKey("fields." + i + ".required")));
            }
        }
        if (more) {
            fields.add(new FieldRow(fields.size(), "", "string", false));
        }
        return new Draft(
                params.getOrDefault("name", ""),
                params.getOrDefault("title", ""),
                params.getOrDefault("description", ""),
                params.getOrDefault("base", BuiltInTool.GENERIC_WEBHOOK.wire()),
                more ? fields : Draft.spare(fields),
                params.getOrDefault("url", ""),
                params.getOrDefault("headers", ""),
                params.getOrDefault("body", ""),
                params.getOrDefault("to", ""),
                params.getOrDefault("subject", ""),
                params.getOrDefault("emailBody", ""),
                params.getOrDefault("html", ""));
    }

    /**
     * {@code text} read as JSON; null, with the field's error, when it is not JSON or holds text
     * that cannot be stored. The error says where, not what the parser says.
     */
    private @Nullable JsonNode readJson(String text, String param, String notJson, FormErrors errors) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            var at = e.getLocation();
            errors.addSentence(
                    param,
                    notJson
                            + (at == null || at.getLineNr() < 1
                                    ? ""
                                    : " (see line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        }
        if (node == null || node.isMissingNode()) {
            errors.add(param, "is required");
            return null;
        }
        if (!FormErrors.storable(node)) {
            errors.add(param, FormErrors.UNSTORABLE);
            return null;
        }
        return node;
    }

    /** The form's fields as a JSON Schema 2020-12 object; unknown or repeated field names are errors. */
    private ObjectNode schema(List<FieldRow> fields, FormErrors errors) {
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (FieldRow field : fields) {
            if (field.name().isBlank()) {
                continue;
            }
            String key = "fields." + field.index() + ".name";
            if (!FormErrors.storable(field.name())) {
                continue;
            }
            if (!FIELD_NAME.matcher(field.name()).matches()) {
                errors.add(key, "must start with a letter and hold only letters, digits or _ (at most 64)");
                continue;
            }
            if (properties.has(field.name())) {
                errors.add(key, "“" + field.name() + "” is used twice");
                continue;
            }
            ObjectNode property = properties.putObject(field.name());
            switch (field.type()) {
                case "number" -> property.put("type", "number");
                case "boolean" -> property.put("type", "boolean");
                case "email" ->
                    property.put("type", "string").put("format", "email").put("maxLength", 320);
                case "string" -> property.put("type", "string").put("maxLength", 2000);
                default ->
                    errors.add("fields." + field.index() + ".type", "must be one of " + String.join(", ", FIELD_TYPES));
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

    /**
     * The Test button: a dry run of a custom action, shown in its page (htmx swaps in just the
     * test form and its result). What is wrong with the arguments is said beside them.
     */
    @PostMapping("/tools/{name}/test")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String test(ConsoleMember me, @PathVariable String name, @RequestParam Map<String, String> params, Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        String arguments = params.getOrDefault("arguments", "");
        model.addAttribute("testArguments", arguments);
        var errors = new FormErrors(
                        TEST_FORM,
                        "The test did not run: please check what is listed below.",
                        List.of(new FormErrors.Field("arguments", "test-arguments", "Arguments")))
                .checkText(params);
        JsonNode parsed = errors.isEmpty()
                ? readJson(
                        arguments.isBlank() ? "{}" : arguments, "arguments", "The arguments are not valid JSON", errors)
                : null;
        if (parsed != null) {
            try {
                var body = json.createObjectNode();
                body.set("arguments", parsed);
                DryRuns.DryRun run = dryRuns.run(me.caller(), tool.name(), body);
                model.addAttribute("dryRun", run);
                model.addAttribute("dryRunInput", pretty.writeValueAsString(run.input()));
                model.addAttribute(
                        "dryRunRequest", run.request() == null ? null : pretty.writeValueAsString(run.request()));
            } catch (ApiProblem problem) {
                if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                    throw problem;
                }
                if (problem.errors().isEmpty()) {
                    errors.addSentence("arguments", String.valueOf(problem.getMessage()));
                }
                problem.errors().forEach(e -> errors.addSentence("arguments", FormErrors.aboutArguments(e)));
            }
        }
        Policy saved = settings.policy();
        return page(
                me,
                tool,
                settings,
                form(saved, saved.approval().wire(), saved.execution().wire(), saved.businessHours()),
                null,
                errors,
                model);
    }

    @GetMapping("/tools/{name}")
    String configure(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String preset,
            Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        Policy shown = settings.policy();
        PolicyPreset applied = null;
        if (preset != null) {
            applied = PolicyPreset.ALL.stream()
                    .filter(p -> p.name().equals(preset))
                    .findFirst()
                    .orElse(null);
            if (applied != null) {
                shown = applied.policy();
            }
        }
        model.addAttribute("applied", applied);
        return page(
                me,
                tool,
                settings,
                form(
                        settings.policy(),
                        shown.approval().wire(),
                        shown.execution().wire(),
                        shown.businessHours()),
                null,
                FormErrors.none(),
                model);
    }

    /** The unsaved-changes indicator, refreshed by htmx as the basic form changes; it saves nothing. */
    @PostMapping("/tools/{name}/changes")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String changes(ConsoleMember me, @PathVariable String name, @RequestParam Map<String, String> params, Model model) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        model.addAttribute(
                "form",
                form(
                        settings.policy(),
                        params.getOrDefault("approval", ""),
                        params.getOrDefault("execution", ""),
                        params.containsKey("businessHours")));
        return "tool :: unsaved";
    }

    @PostMapping("/tools/{name}/policy")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String save(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        String approval = params.getOrDefault("approval", "");
        String execution = params.getOrDefault("execution", "");
        boolean businessHours = params.containsKey("businessHours");
        var errors = new FormErrors(
                BASIC_FORM,
                List.of(
                        new FormErrors.Field("approval", "approval-required", "Approval"),
                        new FormErrors.Field("execution", "execution-immediate", "When it runs")));
        var approvalRule = ApprovalRule.parse(approval);
        var executionMode = ExecutionMode.parse(execution);
        if (approvalRule.isEmpty()) {
            errors.addSentence("approval", "Choose whether a person approves each action first.");
        }
        if (executionMode.isEmpty()) {
            errors.addSentence("execution", "Choose when it runs: immediately or in the background.");
        }
        if (errors.isEmpty()) {
            Policy wanted = new Policy(
                    approvalRule.orElseThrow(),
                    executionMode.orElseThrow(),
                    businessHours,
                    settings.policy().maxAttempts());
            try {
                ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), json.valueToTree(wanted));
                flash.addFlashAttribute(
                        "notice",
                        "Saved. " + tool.title() + " now: " + rules(PolicyEngine.effective(tool.kind(), saved.policy()))
                                + " (version " + saved.version() + ").");
                return "redirect:/tools/" + tool.name();
            } catch (ApiProblem problem) {
                refusedOnForm(problem, errors);
            }
        }
        return page(
                me, tool, settings, form(settings.policy(), approval, execution, businessHours), null, errors, model);
    }

    @PostMapping("/tools/{name}/policy-json")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveJson(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = tool(me, name);
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        String policy = params.getOrDefault("policy", "");
        var errors = new FormErrors(POLICY_FORM, List.of(new FormErrors.Field("policy", "policy", "Policy JSON")))
                .checkText(params);
        JsonNode document = null;
        if (policy.isBlank()) {
            errors.add("policy", "is required");
        } else if (errors.isEmpty()) {
            document = readJson(policy, "policy", "The Policy JSON is not valid JSON", errors);
        }
        if (document != null) {
            try {
                ToolSettings saved = policies.save(me.caller(), tool.name(), tool.kind(), document);
                flash.addFlashAttribute("notice", "Policy JSON saved as version " + saved.version() + ".");
                return "redirect:/tools/" + tool.name() + "#advanced";
            } catch (ApiProblem problem) {
                if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT && problem.status() != HttpStatus.CONFLICT) {
                    throw problem;
                }
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
        Policy saved = settings.policy();
        return page(
                me,
                tool,
                settings,
                form(saved, saved.approval().wire(), saved.execution().wire(), saved.businessHours()),
                policy,
                errors,
                model);
    }

    @PostMapping("/tools/{name}/enabled")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String setEnabled(
            ConsoleMember me,
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        Tool tool = tool(me, name);
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
                refusedOnForm(problem, errors);
            }
        }
        ToolSettings settings = policies.current(me.workspaceId(), tool.name());
        Policy saved = settings.policy();
        return page(
                me,
                tool,
                settings,
                form(saved, saved.approval().wire(), saved.execution().wire(), saved.businessHours()),
                null,
                errors,
                model);
    }

    /** A service's 422 or 409 goes on the form; any other refusal is the console's error page. */
    private static void refusedOnForm(ApiProblem problem, FormErrors errors) {
        if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT && problem.status() != HttpStatus.CONFLICT) {
            throw problem;
        }
        errors.addAll(problem);
    }

    private String page(
            ConsoleMember me,
            Tool tool,
            ToolSettings settings,
            BasicForm form,
            @Nullable String policyText,
            FormErrors errors,
            Model model) {
        EffectivePolicy effective = PolicyEngine.effective(tool.kind(), settings.policy());
        model.addAttribute("tool", tool);
        model.addAttribute("settings", settings);
        model.addAttribute("external", tool.kind() == ToolKind.EXTERNAL);
        model.addAttribute("effective", effective);
        model.addAttribute("effectiveWords", rules(effective));
        model.addAttribute("form", form);
        model.addAttribute("presets", PolicyPreset.ALL);
        model.addAttribute(
                "policyText", policyText != null ? policyText : pretty.writeValueAsString(settings.policy()));
        model.addAttribute("errors", errors);
        if (me.canConfigure()) {
            model.addAttribute("history", history(me, tool));
        }
        return "tool";
    }

    private List<VersionRow> history(ConsoleMember me, Tool tool) {
        List<PolicyVersion> versions = policies.history(me.workspaceId(), tool.name(), null, HISTORY + 1)
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
        return changes.isEmpty() ? List.of("saved without changes") : changes;
    }

    private static BasicForm form(Policy saved, String approval, String execution, boolean businessHours) {
        boolean unsaved = !saved.approval().wire().equals(approval)
                || !saved.execution().wire().equals(execution)
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
