package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.workspace.AccessTokens;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.Members;
import com.polaris.operator.workspace.TokenInfo;
import com.polaris.operator.workspace.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Workspace settings: business hours, members and their roles (changed, or the member removed
 * after a confirmation), integration keys (shown once,
 * listed by their hints, revoked after a confirmation), the member's own personal access tokens
 * (made, listed and revoked by every member),
 * secrets (write-only: names and dates are shown, values never) and this month's usage. Changes go through the same services as the API, so only owners and admins
 * change them (only owners the usage limit).
 */
@Controller
class SettingsPages {

    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Map<String, String> DAY_NAMES = Map.of(
            "mon",
            "Monday",
            "tue",
            "Tuesday",
            "wed",
            "Wednesday",
            "thu",
            "Thursday",
            "fri",
            "Friday",
            "sat",
            "Saturday",
            "sun",
            "Sunday");
    /** The most members or keys a settings page lists. */
    static final int LISTED = 200;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String HOURS_FORM = "hours-form";
    private static final String NEW_MEMBER_FORM = "new-member";
    private static final String REMOVE_FORM = "remove-form";
    private static final String SECRET_FORM = "new-secret";
    private static final String LIMIT_FORM = "limit-form";
    private static final Pattern WINDOW =
            Pattern.compile("\\s*([0-9]{1,2}:[0-9]{2})\\s*[-–]\\s*([0-9]{1,2}:[0-9]{2})\\s*");

    private final BusinessHoursSchedules schedules;
    private final Members members;
    private final AccessTokens tokens;
    private final UsageMeter usage;
    private final JsonMapper json;
    private final Secrets secrets;

    SettingsPages(
            BusinessHoursSchedules schedules,
            Members members,
            AccessTokens tokens,
            UsageMeter usage,
            JsonMapper json,
            Secrets secrets) {
        this.schedules = schedules;
        this.members = members;
        this.tokens = tokens;
        this.usage = usage;
        this.json = json;
        this.secrets = secrets;
    }

    record Day(String key, String name, String windows) {

        public String inputId() {
            return "day-" + key;
        }
    }

    /**
     * Puts the first {@link #LISTED} of {@code rows} (asked for with one more) in the model, and
     * whether there were more, which the page then says.
     */
    private static void listed(Model model, String name, List<?> rows) {
        model.addAttribute(name, rows.stream().limit(LISTED).toList());
        model.addAttribute("more", rows.size() > LISTED);
    }

    @GetMapping("/settings")
    String settings() {
        return "redirect:/settings/hours";
    }

    @GetMapping("/settings/hours")
    String hours(ConsoleMember me, Model model) {
        JsonNode document = json.valueToTree(schedules.document(me.workspaceId()));
        var days = new ArrayList<Day>();
        for (String key : DAYS) {
            var windows = new ArrayList<String>();
            document.path("weekly")
                    .path(key)
                    .forEach(w ->
                            windows.add(w.get(0).asString() + "-" + w.get(1).asString()));
            days.add(new Day(key, DAY_NAMES.get(key), String.join(", ", windows)));
        }
        var holidays = new ArrayList<String>();
        document.path("holidays").forEach(h -> holidays.add(h.asString()));
        return hoursPage(
                document.path("timezone").asString(), days, String.join("\n", holidays), FormErrors.none(), model);
    }

    @PostMapping("/settings/hours")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveHours(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        var fields =
                new ArrayList<FormErrors.Field>(List.of(new FormErrors.Field("timezone", "timezone", "Time zone")));
        DAYS.forEach(key -> fields.add(new FormErrors.Field("day." + key, "day-" + key, DAY_NAMES.get(key))));
        fields.add(new FormErrors.Field("holidays", "holidays", "Holidays"));
        var errors = new FormErrors(HOURS_FORM, fields).checkText(params);
        ObjectNode document = json.createObjectNode();
        String timezone = params.getOrDefault("timezone", "");
        if (timezone.isBlank()) {
            errors.add("timezone", "is required, such as Europe/Madrid or UTC");
        }
        document.put("timezone", timezone.trim());
        ObjectNode weekly = document.putObject("weekly");
        for (String key : DAYS) {
            var windows = weekly.putArray(key);
            String text = params.getOrDefault("day." + key, "").trim();
            if (text.isEmpty()) {
                continue;
            }
            for (String part : text.split(",")) {
                var match = WINDOW.matcher(part);
                if (!match.matches()) {
                    errors.addSentence(
                            "day." + key, DAY_NAMES.get(key) + ": write the hours like 09:00-13:00, 14:00-18:00");
                    break;
                }
                windows.addArray().add(pad(match.group(1))).add(pad(match.group(2)));
            }
        }
        var holidays = document.putArray("holidays");
        List<String> dates = Arrays.stream(params.getOrDefault("holidays", "").split("[\\s,]+"))
                .filter(h -> !h.isBlank())
                .toList();
        dates.forEach(holidays::add);
        if (errors.isEmpty()) {
            try {
                schedules.replace(me.caller(), document);
                flash.addFlashAttribute("notice", "Business hours saved.");
                return "redirect:/settings/hours";
            } catch (ApiProblem problem) {
                refusedOnForm(problem);
                for (var e : problem.errors()) {
                    String field = e.field();
                    String words = FormErrors.plain(e.message());
                    if (field.startsWith("weekly.") && field.length() >= 10) {
                        errors.add("day." + field.substring(7, 10), words);
                    } else if (field.startsWith("holidays[")) {
                        int i = Integer.parseInt(field.substring(9, field.indexOf(']')));
                        errors.addSentence("holidays", "Holidays: “" + dates.get(i) + "” " + words);
                    } else {
                        errors.add(field, words);
                    }
                }
                if (problem.errors().isEmpty()) {
                    errors.addToForm(String.valueOf(problem.getMessage()));
                }
            }
        }
        var days = DAYS.stream()
                .map(key -> new Day(key, DAY_NAMES.get(key), params.getOrDefault("day." + key, "")))
                .toList();
        return hoursPage(timezone, days, params.getOrDefault("holidays", ""), errors, model);
    }

    private String hoursPage(String timezone, List<Day> days, String holidays, FormErrors errors, Model model) {
        model.addAttribute("section", "hours");
        model.addAttribute("timezone", timezone);
        model.addAttribute("days", days);
        model.addAttribute("holidays", holidays);
        model.addAttribute("errors", errors);
        return "settings-hours";
    }

    /** A service's 422 or 409 is shown on the form; any other refusal is the console's error page. */
    private static void refusedOnForm(ApiProblem problem) {
        if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT && problem.status() != HttpStatus.CONFLICT) {
            throw problem;
        }
    }

    @GetMapping("/settings/members")
    String members(ConsoleMember me, Model model) {
        return membersPage(me, model);
    }

    /**
     * Gives a member another role. A refusal that is about the workspace, not the request (its last
     * owner), comes back beside the member's role.
     */
    @PostMapping("/settings/members/{id}/role")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String changeRole(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        var member =
                members.member(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The member '" + id + "'"));
        var errors = new FormErrors(
                "role-form-" + id,
                "The role was not changed.",
                List.of(new FormErrors.Field("role", "role-" + id, "The role of " + member.name())));
        Role role = Role.parse(params.getOrDefault("role", "")).orElse(null);
        if (role == null) {
            errors.addSentence("role", "Choose a role for " + member.name() + " from the list.");
        } else {
            try {
                var changed = members.changeRole(me.caller(), id, role);
                flash.addFlashAttribute("notice", changed.name() + " is now " + role.wire() + ".");
                return "redirect:/settings/members";
            } catch (ApiProblem problem) {
                refusedOnForm(problem);
                errors.addSentence("role", String.valueOf(problem.getMessage()));
            }
        }
        model.addAttribute("errors", errors);
        return membersPage(me, model);
    }

    /** Asks before removing: the member's tokens and session stop working at once. */
    @GetMapping("/settings/members/{id}/remove")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String confirmRemoveMember(ConsoleMember me, @PathVariable String id, Model model) {
        var member =
                members.member(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("The member '" + id + "'"));
        model.addAttribute("confirmRemove", member);
        return membersPage(me, model);
    }

    @PostMapping("/settings/members/{id}/remove")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String removeMember(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        try {
            var member = members.removeMember(me.caller(), id);
            flash.addFlashAttribute("notice", member.name() + " (" + member.email() + ") was removed.");
            return "redirect:/settings/members";
        } catch (ApiProblem problem) {
            refusedOnForm(problem);
            model.addAttribute(
                    "confirmRemove",
                    members.member(me.workspaceId(), id)
                            .orElseThrow(() -> ApiProblem.notFound("The member '" + id + "'")));
            model.addAttribute(
                    "errors",
                    new FormErrors(REMOVE_FORM, "Nobody was removed.", List.of())
                            .addToForm(String.valueOf(problem.getMessage())));
            return membersPage(me, model);
        }
    }

    private String membersPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "members");
        listed(model, "members", me.canConfigure() ? members.members(me.caller(), null, LISTED) : List.of());
        model.addAttribute(
                "roles", me.isOwner() ? List.of(Role.values()) : List.of(Role.ADMIN, Role.REVIEWER, Role.VIEWER));
        if (!model.containsAttribute("newMember")) {
            model.addAttribute("newMember", new NewMember("", "", Role.REVIEWER.wire()));
        }
        return "settings-members";
    }

    /** The add-a-member form as typed; the password is never put back in the page. */
    record NewMember(String name, String email, String role) {}

    @PostMapping("/settings/members")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String addMember(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        var typed = new NewMember(
                params.getOrDefault("name", ""), params.getOrDefault("email", ""), params.getOrDefault("role", ""));
        String password = params.getOrDefault("password", "");
        var errors = new FormErrors(
                        NEW_MEMBER_FORM,
                        "Nobody was added: please check what is listed below.",
                        List.of(
                                new FormErrors.Field("name", "member-name", "Name"),
                                new FormErrors.Field("email", "member-email", "Email"),
                                new FormErrors.Field("role", "member-role", "Role"),
                                new FormErrors.Field("password", "member-password", "First password")))
                .checkText(params);
        String name = typed.name().trim();
        String email = typed.email().trim();
        if (name.isEmpty()) {
            errors.add("name", "is required");
        } else if (name.length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        if (email.isEmpty()) {
            errors.add("email", "is required");
        } else if (!EMAIL.matcher(email).matches() || email.length() > 320) {
            errors.add("email", "must be an email address, such as ana@example.com");
        }
        if (password.isEmpty()) {
            errors.add("password", "is required");
        } else if (password.length() < 10) {
            errors.add("password", "must be at least 10 characters");
        } else if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            errors.add(
                    "password", "must be at most 72 bytes (72 letters without accents; fewer with accents or emoji)");
        }
        Role role = Role.parse(typed.role()).orElse(null);
        if (role == null) {
            errors.addSentence("role", "Choose a role from the list.");
        }
        if (errors.isEmpty() && role != null) {
            try {
                var member = members.createMember(me.caller(), email, name, role, password);
                flash.addFlashAttribute(
                        "notice", member.name() + " can now sign in as " + member.email() + " (" + role.wire() + ").");
                return "redirect:/settings/members";
            } catch (ApiProblem problem) {
                if (problem.status() == HttpStatus.CONFLICT) {
                    errors.add("email", "already belongs to a member of this workspace");
                } else if (problem.status() == HttpStatus.FORBIDDEN && role == Role.OWNER) {
                    errors.addSentence("role", String.valueOf(problem.getMessage()));
                } else {
                    refusedOnForm(problem);
                    errors.addAll(problem);
                }
            }
        }
        model.addAttribute("newMember", typed);
        model.addAttribute("errors", errors);
        return membersPage(me, model);
    }

    @GetMapping("/settings/keys")
    String keys(ConsoleMember me, Model model) {
        return keysPage(me, model);
    }

    /** Creates an integration key and shows it on this answer only: it is stored as a hash and never shown again. */
    @PostMapping("/settings/keys")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String createKey(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        String name = params.getOrDefault("name", "");
        var errors = tokenNameErrors("new-key", "key-name", params);
        if (errors.isEmpty()) {
            model.addAttribute("issued", tokens.createIntegrationKey(me.caller(), name.trim()));
        } else {
            model.addAttribute("typedName", name);
            model.addAttribute("errors", errors);
        }
        return keysPage(me, model);
    }

    /** Asks before revoking: whatever uses the key stops working at once. */
    @GetMapping("/settings/keys/{id}/revoke")
    String confirmRevokeKey(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        var key = tokens.integrationKey(me.caller(), id)
                .orElseThrow(() -> ApiProblem.notFound("The integration key '" + id + "'"));
        return confirmRevoke(key, "Key", "/settings/keys", model, flash, () -> keysPage(me, model));
    }

    @PostMapping("/settings/keys/{id}/revoke")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String revokeKey(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        return revoked(tokens.revokeIntegrationKey(me.caller(), id), "Key", "/settings/keys", flash);
    }

    private String keysPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "keys");
        listed(model, "keys", me.canConfigure() ? tokens.integrationKeys(me.caller(), null, LISTED) : List.of());
        return "settings-keys";
    }

    @GetMapping("/settings/tokens")
    String tokens(ConsoleMember me, Model model) {
        return tokensPage(me, model);
    }

    /**
     * Makes a personal access token for the signed-in member and shows it on this answer only: it
     * acts as them, with their role, and is stored as a hash.
     */
    @PostMapping("/settings/tokens")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String createToken(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        String name = params.getOrDefault("name", "");
        var errors = tokenNameErrors("new-token", "token-name", params);
        if (errors.isEmpty()) {
            var member = members.member(me.workspaceId(), me.id())
                    .orElseThrow(() -> ApiProblem.notFound("The member '" + me.id() + "'"));
            model.addAttribute("issued", tokens.issuePersonalToken(member, name.trim(), null));
        } else {
            model.addAttribute("typedName", name);
            model.addAttribute("errors", errors);
        }
        return tokensPage(me, model);
    }

    /** Asks before revoking: whatever uses the token is refused from then on. */
    @GetMapping("/settings/tokens/{id}/revoke")
    String confirmRevokeToken(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        var token =
                tokens.personalToken(me.caller(), id).orElseThrow(() -> ApiProblem.notFound("The token '" + id + "'"));
        return confirmRevoke(token, "Token", "/settings/tokens", model, flash, () -> tokensPage(me, model));
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String revokeToken(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        return revoked(tokens.revokePersonalToken(me.caller(), id), "Token", "/settings/tokens", flash);
    }

    /** {@code page} asking to confirm revoking {@code token}, or back to {@code list} when it is revoked already. */
    private static String confirmRevoke(
            TokenInfo token, String noun, String list, Model model, RedirectAttributes flash, Supplier<String> page) {
        if (token.revokedAt() != null) {
            flash.addFlashAttribute("notice", noun + " “" + token.name() + "” is already revoked.");
            return "redirect:" + list;
        }
        model.addAttribute("confirmRevoke", token);
        return page.get();
    }

    private static String revoked(TokenInfo token, String noun, String list, RedirectAttributes flash) {
        flash.addFlashAttribute("notice", noun + " “" + token.name() + "” revoked: it no longer works.");
        return "redirect:" + list;
    }

    /** What is wrong with the name of a new key or token: it is required, at most 200 characters. */
    private static FormErrors tokenNameErrors(String form, String fieldId, Map<String, String> params) {
        var errors = new FormErrors(
                        form,
                        "Nothing was made: please check what is listed below.",
                        List.of(new FormErrors.Field("name", fieldId, "Name")))
                .checkText(params);
        String name = params.getOrDefault("name", "");
        if (name.isBlank()) {
            errors.add("name", "is required");
        } else if (name.trim().length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        return errors;
    }

    private String tokensPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "tokens");
        listed(model, "tokens", tokens.personalTokens(me.caller(), null, LISTED));
        return "settings-tokens";
    }

    @GetMapping("/settings/secrets")
    String secrets(ConsoleMember me, Model model) {
        return secretsPage(me, "", FormErrors.none(), model);
    }

    /**
     * Adds or replaces a secret. The value is never put back in the page, not even when something
     * needs fixing: the member types it again.
     */
    @PostMapping("/settings/secrets")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String putSecret(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        String name = params.getOrDefault("name", "");
        String value = params.getOrDefault("value", "");
        var errors = new FormErrors(
                        SECRET_FORM,
                        "The secret was not saved: please check what is listed below.",
                        List.of(
                                new FormErrors.Field("name", "secret-name", "Name"),
                                new FormErrors.Field("value", "secret-value", "Value")))
                .checkText(params);
        String trimmed = name.trim();
        if (trimmed.isEmpty()) {
            errors.add("name", "is required");
        }
        if (value.isEmpty()) {
            errors.add("value", "is required");
        }
        if (errors.isEmpty()) {
            boolean existed = secrets.exists(me.workspaceId(), trimmed);
            try {
                secrets.put(me.caller(), trimmed, value);
                flash.addFlashAttribute(
                        "notice",
                        "Secret “" + trimmed + "” " + (existed ? "replaced." : "added.") + " Use it as {{secret:"
                                + trimmed + "}}.");
                return "redirect:/settings/secrets";
            } catch (ApiProblem problem) {
                refusedOnForm(problem);
                errors.addAll(problem);
            }
        }
        return secretsPage(me, name, errors, model);
    }

    /** Asks before deleting: a custom action that uses the secret stops being sendable. */
    @GetMapping("/settings/secrets/{name}/delete")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String confirmDeleteSecret(ConsoleMember me, @PathVariable String name, Model model) {
        if (!secrets.exists(me.workspaceId(), name)) {
            throw ApiProblem.notFound("The secret '" + name + "'");
        }
        model.addAttribute("confirmDelete", name);
        return secretsPage(me, "", FormErrors.none(), model);
    }

    @PostMapping("/settings/secrets/{name}/delete")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String deleteSecret(ConsoleMember me, @PathVariable String name, RedirectAttributes flash) {
        secrets.delete(me.caller(), name);
        flash.addFlashAttribute("notice", "Secret “" + name + "” deleted.");
        return "redirect:/settings/secrets";
    }

    private String secretsPage(ConsoleMember me, String name, FormErrors errors, Model model) {
        model.addAttribute("section", "secrets");
        model.addAttribute("secrets", secrets.list(me.workspaceId()));
        model.addAttribute("name", name);
        model.addAttribute("errors", errors);
        return "settings-secrets";
    }

    @GetMapping("/settings/usage")
    String usage(ConsoleMember me, Model model) {
        return usagePage(me, null, FormErrors.none(), model);
    }

    @PostMapping("/settings/usage")
    @AllowedRoles(Role.OWNER)
    String setLimit(ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        String limit = params.getOrDefault("limit", "");
        var errors = new FormErrors(LIMIT_FORM, List.of(new FormErrors.Field("limit", "limit", "Proposals per month")))
                .checkText(params);
        Integer parsed = null;
        if (errors.isEmpty() && !limit.isBlank()) {
            try {
                var number = new java.math.BigDecimal(limit.trim());
                if (number.signum() < 0) {
                    errors.add("limit", "must be zero or more, or empty for no limit");
                } else if (number.stripTrailingZeros().scale() > 0) {
                    errors.add("limit", "must be a whole number, such as 1000, or empty for no limit");
                } else if (number.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                    errors.add("limit", "must be at most " + Integer.MAX_VALUE);
                } else {
                    parsed = number.intValueExact();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                errors.add("limit", "must be a whole number, such as 1000, or empty for no limit");
            }
        }
        if (errors.isEmpty()) {
            try {
                usage.setLimit(me.caller(), parsed);
                flash.addFlashAttribute(
                        "notice", parsed == null ? "No monthly limit." : "Monthly limit set to " + parsed + ".");
                return "redirect:/settings/usage";
            } catch (ApiProblem problem) {
                refusedOnForm(problem);
                errors.addAll(problem);
            }
        }
        return usagePage(me, limit, errors, model);
    }

    /** The usage page; {@code typedLimit} is the limit as typed when the form comes back with errors. */
    private String usagePage(ConsoleMember me, @Nullable String typedLimit, FormErrors errors, Model model) {
        model.addAttribute("section", "usage");
        var now = usage.usage(me.workspaceId());
        model.addAttribute("usage", now);
        model.addAttribute(
                "limitText", typedLimit != null ? typedLimit : now.limit() == null ? "" : String.valueOf(now.limit()));
        model.addAttribute("errors", errors);
        return "settings-usage";
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }
}
