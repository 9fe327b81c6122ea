package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.identity.Role;
import com.polaris.operator.workspace.UsageMeter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The usage tab: this month's proposals against the monthly limit, which only owners set. */
@Controller
@RequiredArgsConstructor
class UsagePage {

    private static final String LIMIT_FORM = "limit-form";

    private final UsageMeter usage;

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
                var number = new BigDecimal(limit.trim());
                if (number.signum() < 0) {
                    errors.add("limit", "must be zero or more, or empty for no limit");
                } else if (number.stripTrailingZeros().scale() > 0) {
                    errors.add("limit", "must be a whole number, such as 1000, or empty for no limit");
                } else if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
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
                errors.addRefusal(problem);
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
}
