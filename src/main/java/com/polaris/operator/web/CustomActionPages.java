package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.CustomActionDefinition;
import com.polaris.operator.catalog.CustomActions;
import com.polaris.operator.identity.Role;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Defining a custom action (owners and admins): a webhook or an email, with an input form made of
 * named fields, checked by the same service as {@code POST /api/v1/tools}.
 */
@Controller
@RequiredArgsConstructor
class CustomActionPages {

    static final List<String> FIELD_TYPES = List.of("string", "number", "boolean", "email");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** The names custom actions may take, as {@code POST /api/v1/tools} checks them. */
    private static final Pattern ACTION_NAME = Pattern.compile("[a-z][a-z0-9_]{2,63}");

    private static final String NEW_ACTION = "new-action";
    private static final Pattern HEADER_LINE = Pattern.compile("([^:]+):(.*)");

    private final CustomActions customActions;
    private final JsonMapper json;

    @GetMapping("/tools/new")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String newAction(ConsoleMember me, Model model) {
        return newActionPage(CustomActionDraft.empty(), FormErrors.none(), model);
    }

    /**
     * Creates a custom action with the same service as {@code POST /api/v1/tools}; a webhook's
     * signing secret is shown on this answer only. "Add another field" shows the form again with one
     * more empty field row, saving nothing.
     */
    @PostMapping("/tools/new")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String createAction(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        CustomActionDraft draft = CustomActionDraft.from(params);
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
                JsonNode template =
                        FormJson.read(json, draft.body(), "body", "Body template is not valid JSON", errors);
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
                if (problem.kind() == ApiProblem.Kind.CONFLICT) {
                    errors.add("name", "is already taken by another tool");
                } else if (problem.kind() == ApiProblem.Kind.INVALID) {
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

    private String newActionPage(CustomActionDraft draft, FormErrors errors, Model model) {
        model.addAttribute("draft", draft);
        model.addAttribute("errors", errors);
        model.addAttribute("fieldTypes", FIELD_TYPES);
        return "tool-new";
    }

    /** The form's fields as a JSON Schema 2020-12 object; unknown or repeated field names are errors. */
    private ObjectNode schema(List<CustomActionDraft.FieldRow> fields, FormErrors errors) {
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (CustomActionDraft.FieldRow field : fields) {
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
}
