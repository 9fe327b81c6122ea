package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.installation.PublicUrl;
import com.polaris.operator.widget.WebWidgets;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The web widget tab: the widget's key and the snippet to paste into the business's pages (any
 * member sees them: both sit in public pages anyway), and for owners and admins the allowed origins,
 * one per line, and a button that rotates the key. It goes through the same service as
 * {@code /api/v1/channels/web-widget}, so the checks and refusals are the API's.
 */
@Controller
@RequiredArgsConstructor
class WebWidgetPages {

    private static final String FORM = "web-widget-origins";
    private static final String ORIGINS = "origins";

    private final WebWidgets widgets;
    private final PublicUrl publicUrl;

    @GetMapping("/settings/web-widget")
    String page(ConsoleMember me, Model model) {
        return page(me, null, FormErrors.none(), model);
    }

    /** Saves the allowed origins, one per line; each line a refusal names is shown beside the field. */
    @PostMapping("/settings/web-widget")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String save(
            ConsoleMember me,
            @RequestParam(name = ORIGINS, defaultValue = "") String origins,
            Model model,
            RedirectAttributes flash) {
        var errors = new FormErrors(FORM, List.of(new FormErrors.Field(ORIGINS, "widget-origins", "Allowed origins")))
                .checkText(ORIGINS, origins);
        List<String> lines = origins.lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty())
                .toList();
        if (errors.isEmpty()) {
            try {
                widgets.save(me.caller(), lines);
                flash.addFlashAttribute("notice", "Allowed origins saved.");
                return "redirect:/settings/web-widget";
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                problem.errors().forEach(p -> errors.addSentence(ORIGINS, about(p, lines)));
                if (problem.errors().isEmpty()) {
                    errors.addAll(problem);
                }
            }
        }
        return page(me, origins, errors, model);
    }

    /** Gives the widget a new key; the old snippet opens no conversation from now on. */
    @PostMapping("/settings/web-widget/rotate-key")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String rotateKey(ConsoleMember me, RedirectAttributes flash) {
        widgets.rotateKey(me.caller());
        flash.addFlashAttribute(
                "notice",
                "The widget has a new key: paste the new snippet into your pages. The old one opens no new"
                        + " conversations.");
        return "redirect:/settings/web-widget";
    }

    /** A refusal of one origin in the member's words: which line, what it says, and what is wrong. */
    private static String about(ApiProblem.FieldProblem problem, List<String> lines) {
        String field = problem.field();
        if (field.startsWith("allowedOrigins[") && field.endsWith("]")) {
            int index = Integer.parseInt(field.substring("allowedOrigins[".length(), field.length() - 1));
            if (index < lines.size()) {
                return "Line " + (index + 1) + " (" + lines.get(index) + ") " + problem.message();
            }
        }
        return "Allowed origins " + problem.message();
    }

    private String page(ConsoleMember me, @Nullable String origins, FormErrors errors, Model model) {
        var widget = widgets.find(me.caller()).orElse(null);
        model.addAttribute("section", "web-widget");
        model.addAttribute("widget", widget);
        model.addAttribute(
                "snippet",
                widget == null
                        ? null
                        : "<script src=\"" + publicUrl.link("/widget.js") + "\" data-widget-key=\"" + widget.widgetKey()
                                + "\" defer></script>");
        model.addAttribute(
                ORIGINS, origins != null ? origins : widget == null ? "" : String.join("\n", widget.allowedOrigins()));
        model.addAttribute("errors", errors);
        return "settings-web-widget";
    }
}
