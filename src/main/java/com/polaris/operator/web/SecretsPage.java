package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.secret.Secrets;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The secrets tab, write-only: names and dates are shown, values never. */
@Controller
@RequiredArgsConstructor
class SecretsPage {

    private static final String SECRET_FORM = "new-secret";

    private final Secrets secrets;

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
        var errors = FormErrors.notDone(
                        SECRET_FORM,
                        "The secret was not saved",
                        new FormErrors.Field("name", "secret-name", "Name"),
                        new FormErrors.Field("value", "secret-value", "Value"))
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
                errors.addRefusal(problem);
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
}
