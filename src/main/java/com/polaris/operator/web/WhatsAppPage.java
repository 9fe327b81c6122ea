package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.secret.SecretInfo;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.whatsapp.WhatsAppChannels;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp tab (owners and admins): the connected channel with the inbound URL to paste into
 * the WhatsApp app, a form that connects or reconfigures it, and disconnecting after a
 * confirmation. It goes through the same service as {@code /api/v1/channels/whatsapp}, so the checks
 * and refusals are the API's. The verify token is never put back in the page.
 */
@Controller
@RequiredArgsConstructor
class WhatsAppPage {

    private static final String FORM = "whatsapp-channel";

    private final WhatsAppChannels channels;
    private final Secrets secrets;
    private final JsonMapper json;

    @GetMapping("/settings/whatsapp")
    String page(ConsoleMember me, Model model) {
        return page(me, Map.of(), FormErrors.none(), model);
    }

    @PostMapping("/settings/whatsapp")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String save(ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        var errors = FormErrors.notDone(
                        FORM,
                        "WhatsApp was not connected",
                        new FormErrors.Field("phoneNumberId", "wa-phone-number-id", "Phone number id"),
                        new FormErrors.Field("accessTokenSecret", "wa-access-token-secret", "Access token secret"),
                        new FormErrors.Field("appSecretSecret", "wa-app-secret-secret", "App secret secret"),
                        new FormErrors.Field("verifyToken", "wa-verify-token", "Verify token"),
                        new FormErrors.Field("apiBaseUrl", "wa-api-base-url", "API base URL"))
                .checkText(params);
        if (errors.isEmpty()) {
            var body = json.createObjectNode();
            for (String field : List.of("phoneNumberId", "accessTokenSecret", "appSecretSecret")) {
                body.put(field, params.getOrDefault(field, "").trim());
            }
            String verifyToken = params.getOrDefault("verifyToken", "");
            if (!verifyToken.isEmpty()) {
                body.put("verifyToken", verifyToken);
            }
            String apiBaseUrl = params.getOrDefault("apiBaseUrl", "").trim();
            if (!apiBaseUrl.isEmpty()) {
                body.put("apiBaseUrl", apiBaseUrl);
            }
            try {
                channels.put(me.caller(), body);
                flash.addFlashAttribute(
                        "notice",
                        "WhatsApp is connected. Paste the inbound URL and your verify token into the WhatsApp app.");
                return "redirect:/settings/whatsapp";
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                errors.addAll(problem, field -> field);
            }
        }
        return page(me, params, errors, model);
    }

    /** Asks before disconnecting: messages stop arriving and send_whatsapp_message stops sending. */
    @GetMapping("/settings/whatsapp/disconnect")
    String confirmDisconnect(ConsoleMember me, Model model) {
        model.addAttribute("confirmDisconnect", true);
        return page(me, Map.of(), FormErrors.none(), model);
    }

    @PostMapping("/settings/whatsapp/disconnect")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String disconnect(ConsoleMember me, RedirectAttributes flash) {
        channels.delete(me.caller());
        flash.addFlashAttribute("notice", "WhatsApp disconnected: its inbound URL no longer accepts messages.");
        return "redirect:/settings/whatsapp";
    }

    private String page(ConsoleMember me, Map<String, String> typed, FormErrors errors, Model model) {
        model.addAttribute("section", "whatsapp");
        var channel = me.canConfigure() ? channels.find(me.caller()).orElse(null) : null;
        model.addAttribute("channel", channel);
        model.addAttribute(
                "secretNames",
                me.canConfigure()
                        ? secrets.list(me.workspaceId()).stream()
                                .map(SecretInfo::name)
                                .toList()
                        : List.of());
        model.addAttribute(
                "phoneNumberId", typed.getOrDefault("phoneNumberId", channel == null ? "" : channel.phoneNumberId()));
        model.addAttribute(
                "accessTokenSecret",
                typed.getOrDefault("accessTokenSecret", channel == null ? "" : channel.accessTokenSecret()));
        model.addAttribute(
                "appSecretSecret",
                typed.getOrDefault("appSecretSecret", channel == null ? "" : channel.appSecretSecret()));
        model.addAttribute("apiBaseUrl", typed.getOrDefault("apiBaseUrl", channel == null ? "" : channel.apiBaseUrl()));
        model.addAttribute("errors", errors);
        return "settings-whatsapp";
    }
}
