package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.workspace.BusinessHoursSchedules;
import com.polaris.operator.workspace.Identities;
import com.polaris.operator.workspace.Role;
import com.polaris.operator.workspace.UsageMeter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    private static final Map<String, String> DAY_NAMES = Map.of("mon", "Monday", "tue", "Tuesday", "wed", "Wednesday",
            "thu", "Thursday", "fri", "Friday", "sat", "Saturday", "sun", "Sunday");
    /** The most members or keys a settings page lists. */
    static final int LISTED = 200;
    private static final Pattern WINDOW = Pattern.compile("\\s*([0-9]{1,2}:[0-9]{2})\\s*[-–]\\s*([0-9]{1,2}:[0-9]{2})\\s*");

    private final BusinessHoursSchedules schedules;
    private final Identities identities;
    private final UsageMeter usage;
    private final JsonMapper json;
    private final Secrets secrets;

    SettingsPages(BusinessHoursSchedules schedules, Identities identities, UsageMeter usage, JsonMapper json,
            Secrets secrets) {
        this.schedules = schedules;
        this.identities = identities;
        this.usage = usage;
        this.json = json;
        this.secrets = secrets;
    }

    record Day(String key, String name, String windows, @Nullable String error) {}

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
            document.path("weekly").path(key).forEach(w -> windows.add(w.get(0).asString() + "-" + w.get(1).asString()));
            days.add(new Day(key, DAY_NAMES.get(key), String.join(", ", windows), null));
        }
        var holidays = new ArrayList<String>();
        document.path("holidays").forEach(h -> holidays.add(h.asString()));
        return hoursPage(document.path("timezone").asString(), days, String.join("\n", holidays), Map.of(), model);
    }

    @PostMapping("/settings/hours")
    String saveHours(ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        me.caller().requireConfigurer();
        var errors = new LinkedHashMap<String, String>();
        ObjectNode document = json.createObjectNode();
        String timezone = params.getOrDefault("timezone", "").trim();
        document.put("timezone", timezone);
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
                    errors.put("weekly." + key, "write windows like 09:00-13:00, 14:00-18:00");
                    break;
                }
                windows.addArray().add(pad(match.group(1))).add(pad(match.group(2)));
            }
        }
        var holidays = document.putArray("holidays");
        Arrays.stream(params.getOrDefault("holidays", "").split("[\\s,]+"))
                .filter(h -> !h.isBlank())
                .forEach(holidays::add);
        if (errors.isEmpty()) {
            try {
                schedules.replace(me.caller(), document);
                flash.addFlashAttribute("notice", "Business hours saved.");
                return "redirect:/settings/hours";
            } catch (ApiProblem problem) {
                if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                    throw problem;
                }
                for (var e : problem.errors()) {
                    String field = e.field();
                    String key = field.startsWith("weekly.") ? field.substring(0, Math.min(field.length(), 10))
                            : field.startsWith("holidays") ? "holidays" : field;
                    errors.merge(key, e.message(), (a, b) -> a + "; " + b);
                }
            }
        }
        var days = DAYS.stream()
                .map(key -> new Day(key, DAY_NAMES.get(key), params.getOrDefault("day." + key, ""), errors.get("weekly." + key)))
                .toList();
        model.addAttribute("formError", "Some fields need fixing; nothing was saved.");
        return hoursPage(timezone, days, params.getOrDefault("holidays", ""), errors, model);
    }

    private String hoursPage(String timezone, List<Day> days, String holidays, Map<String, String> errors, Model model) {
        model.addAttribute("section", "hours");
        model.addAttribute("timezone", timezone);
        model.addAttribute("days", days);
        model.addAttribute("holidays", holidays);
        model.addAttribute("errors", errors);
        return "settings-hours";
    }

    @GetMapping("/settings/members")
    String members(ConsoleMember me, Model model) {
        return membersPage(me, model);
    }

    /**
     * Gives a member another role. A refusal that is about the workspace, not the request (its last
     * owner), comes back on the members page.
     */
    @PostMapping("/settings/members/{id}/role")
    String changeRole(ConsoleMember me, @PathVariable String id, @RequestParam String role, RedirectAttributes flash) {
        Role parsed = Role.parse(role).orElseThrow(() -> ApiProblem.invalid("role", "must be one of owner, admin, reviewer, viewer"));
        try {
            var member = identities.changeRole(me.caller(), id, parsed);
            flash.addFlashAttribute("notice", member.name() + " is now " + parsed.wire() + ".");
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.CONFLICT) {
                throw problem;
            }
            flash.addFlashAttribute("formError", problem.getMessage());
        }
        return "redirect:/settings/members";
    }

    /** Asks before removing: the member's tokens and session stop working at once. */
    @GetMapping("/settings/members/{id}/remove")
    String confirmRemoveMember(ConsoleMember me, @PathVariable String id, Model model) {
        me.caller().requireConfigurer();
        var member = identities.member(me.workspaceId(), id)
                .orElseThrow(() -> ApiProblem.notFound("The member '" + id + "'"));
        model.addAttribute("confirmRemove", member);
        return membersPage(me, model);
    }

    @PostMapping("/settings/members/{id}/remove")
    String removeMember(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        try {
            var member = identities.removeMember(me.caller(), id);
            flash.addFlashAttribute("notice", member.name() + " (" + member.email() + ") was removed.");
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.CONFLICT) {
                throw problem;
            }
            flash.addFlashAttribute("formError", problem.getMessage());
        }
        return "redirect:/settings/members";
    }

    private String membersPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "members");
        listed(model, "members", me.canConfigure() ? identities.members(me.caller(), null, LISTED) : List.of());
        model.addAttribute("roles", me.isOwner() ? List.of(Role.values()) : List.of(Role.ADMIN, Role.REVIEWER, Role.VIEWER));
        return "settings-members";
    }

    @PostMapping("/settings/members")
    String addMember(ConsoleMember me, @RequestParam String name, @RequestParam String email, @RequestParam String role,
            @RequestParam String password, RedirectAttributes flash) {
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        if (name.isBlank() || name.length() > 200) {
            errors.add(new ApiProblem.FieldProblem("name", "is required (at most 200 characters)"));
        }
        if (!email.trim().matches("^[^@\\s]+@[^@\\s]+$") || email.length() > 320) {
            errors.add(new ApiProblem.FieldProblem("email", "must be an email address"));
        }
        if (password.length() < 10 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            errors.add(new ApiProblem.FieldProblem("password", "must be at least 10 characters and at most 72 bytes (UTF-8)"));
        }
        Role parsed = Role.parse(role).orElse(null);
        if (parsed == null) {
            errors.add(new ApiProblem.FieldProblem("role", "must be one of owner, admin, reviewer, viewer"));
        }
        if (!errors.isEmpty() || parsed == null) {
            throw ApiProblem.invalid("The new member's details are not valid.", errors);
        }
        var member = identities.createMember(me.caller(), email, name.trim(), parsed, password);
        flash.addFlashAttribute("notice", member.name() + " can now sign in as " + member.email() + " (" + role + ").");
        return "redirect:/settings/members";
    }

    @GetMapping("/settings/keys")
    String keys(ConsoleMember me, Model model) {
        return keysPage(me, model);
    }

    /** Creates an integration key and shows it on this answer only: it is stored as a hash and never shown again. */
    @PostMapping("/settings/keys")
    String createKey(ConsoleMember me, @RequestParam String name, Model model) {
        model.addAttribute("issued", identities.createIntegrationKey(me.caller(), tokenName(name)));
        return keysPage(me, model);
    }

    /** Asks before revoking: whatever uses the key stops working at once. */
    @GetMapping("/settings/keys/{id}/revoke")
    String confirmRevokeKey(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        var key = identities.integrationKey(me.caller(), id)
                .orElseThrow(() -> ApiProblem.notFound("The integration key '" + id + "'"));
        return confirmRevoke(key, "Key", "/settings/keys", model, flash, () -> keysPage(me, model));
    }

    @PostMapping("/settings/keys/{id}/revoke")
    String revokeKey(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        return revoked(identities.revokeIntegrationKey(me.caller(), id), "Key", "/settings/keys", flash);
    }

    private String keysPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "keys");
        listed(model, "keys", me.canConfigure() ? identities.integrationKeys(me.caller(), null, LISTED) : List.of());
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
    String createToken(ConsoleMember me, @RequestParam String name, Model model) {
        String trimmed = tokenName(name);
        var member = identities.member(me.workspaceId(), me.id())
                .orElseThrow(() -> ApiProblem.notFound("The member '" + me.id() + "'"));
        model.addAttribute("issued", identities.issuePersonalToken(member, trimmed, null));
        return tokensPage(me, model);
    }

    /** Asks before revoking: whatever uses the token is refused from then on. */
    @GetMapping("/settings/tokens/{id}/revoke")
    String confirmRevokeToken(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        var token = identities.personalToken(me.caller(), id)
                .orElseThrow(() -> ApiProblem.notFound("The token '" + id + "'"));
        return confirmRevoke(token, "Token", "/settings/tokens", model, flash, () -> tokensPage(me, model));
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    String revokeToken(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        return revoked(identities.revokePersonalToken(me.caller(), id), "Token", "/settings/tokens", flash);
    }

    /** {@code page} asking to confirm revoking {@code token}, or back to {@code list} when it is revoked already. */
    private static String confirmRevoke(Identities.TokenInfo token, String noun, String list, Model model,
            RedirectAttributes flash, Supplier<String> page) {
        if (token.revokedAt() != null) {
            flash.addFlashAttribute("notice", noun + " “" + token.name() + "” is already revoked.");
            return "redirect:" + list;
        }
        model.addAttribute("confirmRevoke", token);
        return page.get();
    }

    private static String revoked(Identities.TokenInfo token, String noun, String list, RedirectAttributes flash) {
        flash.addFlashAttribute("notice", noun + " “" + token.name() + "” revoked: it no longer works.");
        return "redirect:" + list;
    }

    /** A key's or token's name from a form, trimmed; 422 when it is blank or too long. */
    private static String tokenName(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw ApiProblem.invalid("name", "is required (at most 200 characters)");
        }
        return name.trim();
    }

    private String tokensPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "tokens");
        listed(model, "tokens", identities.personalTokens(me.caller(), null, LISTED));
        return "settings-tokens";
    }

    @GetMapping("/settings/secrets")
    String secrets(ConsoleMember me, Model model) {
        return secretsPage(me, "", Map.of(), model);
    }

    /**
     * Adds or replaces a secret. The value is never put back in the page, not even when something
     * needs fixing: the member types it again.
     */
    @PostMapping("/settings/secrets")
    String putSecret(ConsoleMember me, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String value, Model model, RedirectAttributes flash) {
        me.caller().requireConfigurer();
        String trimmed = name.trim();
        boolean existed = secrets.exists(me.workspaceId(), trimmed);
        try {
            secrets.put(me.caller(), trimmed, value);
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                throw problem;
            }
            var errors = new LinkedHashMap<String, String>();
            problem.errors().forEach(e -> errors.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
            model.addAttribute("formError", "The secret was not saved.");
            return secretsPage(me, name, errors, model);
        }
        flash.addFlashAttribute("notice", "Secret “" + trimmed + "” " + (existed ? "replaced." : "added.")
                + " Use it as {{secret:" + trimmed + "}}.");
        return "redirect:/settings/secrets";
    }

    /** Asks before deleting: a custom action that uses the secret stops being sendable. */
    @GetMapping("/settings/secrets/{name}/delete")
    String confirmDeleteSecret(ConsoleMember me, @PathVariable String name, Model model) {
        me.caller().requireConfigurer();
        if (!secrets.exists(me.workspaceId(), name)) {
            throw ApiProblem.notFound("The secret '" + name + "'");
        }
        model.addAttribute("confirmDelete", name);
        return secretsPage(me, "", Map.of(), model);
    }

    @PostMapping("/settings/secrets/{name}/delete")
    String deleteSecret(ConsoleMember me, @PathVariable String name, RedirectAttributes flash) {
        secrets.delete(me.caller(), name);
        flash.addFlashAttribute("notice", "Secret “" + name + "” deleted.");
        return "redirect:/settings/secrets";
    }

    private String secretsPage(ConsoleMember me, String name, Map<String, String> errors, Model model) {
        model.addAttribute("section", "secrets");
        model.addAttribute("secrets", secrets.list(me.workspaceId()));
        model.addAttribute("name", name);
        model.addAttribute("errors", errors);
        return "settings-secrets";
    }

    @GetMapping("/settings/usage")
    String usage(ConsoleMember me, Model model) {
        model.addAttribute("section", "usage");
        model.addAttribute("usage", usage.usage(me.workspaceId()));
        return "settings-usage";
    }

    @PostMapping("/settings/usage")
    String setLimit(ConsoleMember me, @RequestParam(required = false) @Nullable String limit, RedirectAttributes flash) {
        Integer parsed = null;
        if (limit != null && !limit.isBlank()) {
            try {
                parsed = Integer.valueOf(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid("limit", "must be a whole number, or empty for no limit");
            }
        }
        usage.setLimit(me.caller(), parsed);
        flash.addFlashAttribute("notice", parsed == null ? "No monthly limit." : "Monthly limit set to " + parsed + ".");
        return "redirect:/settings/usage";
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }
}
