package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Role;
import com.polaris.operator.workspace.AccessTokens;
import com.polaris.operator.workspace.IssuedToken;
import com.polaris.operator.workspace.Member;
import com.polaris.operator.workspace.Members;
import com.polaris.operator.workspace.TokenInfo;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The integration keys tab (owners and admins) and the personal access tokens tab (every member,
 * their own tokens). A new key or token is shown once, on the answer that makes it; both are
 * listed by their hints and revoked after a confirmation.
 */
@Controller
@RequiredArgsConstructor
class TokenPages {

    private final AccessTokens tokens;
    private final Members members;

    @GetMapping("/settings/keys")
    String keys(ConsoleMember me, Model model) {
        return keysPage(me, model);
    }

    /** Creates an integration key and shows it on this answer only: it is stored as a hash and never shown again. */
    @PostMapping("/settings/keys")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String createKey(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        issue("new-key", "key-name", params, name -> tokens.createIntegrationKey(me.caller(), name), model);
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
        SettingsTab.listed(
                model,
                "keys",
                me.canConfigure() ? tokens.integrationKeys(me.caller(), SettingsTab.FIRST) : Page.empty());
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
        issue("new-token", "token-name", params, name -> tokens.issuePersonalToken(self(me), name, null), model);
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

    /**
     * Makes a key or token with the name typed into {@code form} and puts it in the model, to be shown
     * on this answer only; a name that needs fixing (it is required, at most 200 characters) is put
     * there with what is wrong with it instead, and nothing is made.
     */
    private static void issue(
            String form, String fieldId, Map<String, String> params, Function<String, IssuedToken> make, Model model) {
        var errors = FormErrors.notDone(form, "Nothing was made", new FormErrors.Field("name", fieldId, "Name"))
                .checkText(params);
        String name = params.getOrDefault("name", "");
        if (name.isBlank()) {
            errors.add("name", "is required");
        } else if (name.trim().length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        if (errors.isEmpty()) {
            model.addAttribute("issued", make.apply(name.trim()));
        } else {
            model.addAttribute("typedName", name);
            model.addAttribute("errors", errors);
        }
    }

    /** The signed-in member, whose personal tokens act as them. */
    private Member self(ConsoleMember me) {
        return members.member(me.workspaceId(), me.id())
                .orElseThrow(() -> ApiProblem.notFound("The member '" + me.id() + "'"));
    }

    private String tokensPage(ConsoleMember me, Model model) {
        model.addAttribute("section", "tokens");
        SettingsTab.listed(model, "tokens", tokens.personalTokens(me.caller(), SettingsTab.FIRST));
        return "settings-tokens";
    }
}
