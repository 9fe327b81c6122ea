package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.identity.Role;
import com.polaris.operator.standing.StandingApprovals;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standing approvals tab (owners and admins): the workspace's standing approvals with their use
 * counts, a form that grants one for an internal tool, and a Revoke button on each one still in
 * force. It goes through the same service as {@code /api/v1/standing-approvals}, so the checks and
 * refusals are the API's.
 */
@Controller
@RequiredArgsConstructor
class StandingApprovalPages {

    private static final String FORM = "new-standing-approval";

    /** The grant form's fields; the query may fill in any of them (see {@link #list}). */
    private static final List<FormErrors.Field> FIELDS = List.of(
            new FormErrors.Field("tool", "standing-tool", "Tool"),
            new FormErrors.Field("when", "standing-when", "Condition"),
            new FormErrors.Field("until", "standing-until", "Until"),
            new FormErrors.Field("maxUses", "standing-max-uses", "Max uses"),
            new FormErrors.Field("note", "standing-note", "Note"));

    private final StandingApprovals standing;
    private final Catalog catalog;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * The tab; {@code tool}, {@code when}, {@code until}, {@code maxUses} and {@code note} in the query
     * fill the form in (the insights page links here so), and nothing is granted until it is sent.
     */
    @GetMapping("/settings/standing-approvals")
    String list(ConsoleMember me, @RequestParam Map<String, String> params, Model model) {
        var prefilled = new HashMap<String, String>();
        for (FormErrors.Field field : FIELDS) {
            String value = params.get(field.param());
            if (value != null && value.length() <= 1000 && FormErrors.storable(value)) {
                prefilled.put(field.param(), value);
            }
        }
        return listPage(me, prefilled, FormErrors.none(), model);
    }

    /** Grants a standing approval; what needs fixing is shown on the form and nothing is stored. */
    @PostMapping("/settings/standing-approvals")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String create(ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        String tool = Objects.requireNonNullElse(params.get("tool"), "");
        String when = Objects.requireNonNullElse(params.get("when"), "").strip();
        String until = Objects.requireNonNullElse(params.get("until"), "").strip();
        String maxUses = Objects.requireNonNullElse(params.get("maxUses"), "").strip();
        String note = Objects.requireNonNullElse(params.get("note"), "");
        var errors = FormErrors.notDone(FORM, "No standing approval was granted", FIELDS)
                .checkText("tool", tool)
                .checkText("when", when)
                .checkText("note", note);
        var body = json.createObjectNode();
        body.put("tool", tool);
        body.put("when", when);
        try {
            body.put(
                    "expiresAt",
                    LocalDateTime.parse(until).atOffset(ZoneOffset.UTC).toString());
        } catch (DateTimeParseException e) {
            errors.add("until", "must be a date and time (UTC)");
        }
        try {
            body.put("maxUses", Integer.parseInt(maxUses));
        } catch (NumberFormatException e) {
            errors.add("maxUses", "must be a whole number from 1 to " + StandingApprovals.MAX_USES);
        }
        if (!note.isBlank()) {
            body.put("note", note);
        }
        if (errors.isEmpty()) {
            try {
                var granted = standing.create(me.caller(), body);
                return backToTab(
                        flash,
                        "Standing approval " + granted.id() + " granted for " + granted.tool() + ": up to "
                                + granted.maxUses() + " proposals need no person while its condition holds.");
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                errors.addAll(problem, field -> field.equals("expiresAt") ? "until" : field);
            }
        }
        return listPage(me, params, errors, model);
    }

    @PostMapping("/settings/standing-approvals/{id}/revoke")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String revoke(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        var revoked = standing.revoke(me.caller(), id);
        return backToTab(
                flash,
                "Standing approval " + revoked.id() + " revoked after " + revoked.uses() + " uses: proposals of "
                        + revoked.tool() + " wait for a person again.");
    }

    /** Back to the tab, whose notice says what was granted or revoked. */
    private static String backToTab(RedirectAttributes flash, String notice) {
        flash.addFlashAttribute("notice", notice);
        return "redirect:/settings/standing-approvals";
    }

    private String listPage(ConsoleMember me, Map<String, String> values, FormErrors errors, Model model) {
        model.addAttribute("section", "standing");
        SettingsTab.listed(
                model,
                "standingApprovals",
                me.canConfigure() ? standing.list(me.caller(), SettingsTab.FIRST) : Page.empty());
        model.addAttribute(
                "internalTools",
                catalog.all(me.caller().workspaceId()).stream()
                        .filter(t -> t.kind() != ToolKind.EXTERNAL)
                        .map(Tool::name)
                        .toList());
        model.addAttribute("now", clock.instant());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "settings-standing";
    }
}
