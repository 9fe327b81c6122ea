package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.identity.Role;
import com.polaris.operator.workspace.Members;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The members tab: members and their roles, added, given another role, or removed after a confirmation. */
@Controller
@RequiredArgsConstructor
class MembersPage {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String NEW_MEMBER_FORM = "new-member";
    private static final String REMOVE_FORM = "remove-form";

    private final Members members;

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
                SettingsTab.refusedOnForm(problem);
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
            SettingsTab.refusedOnForm(problem);
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
        SettingsTab.listed(
                model, "members", me.canConfigure() ? members.members(me.caller(), SettingsTab.FIRST) : Page.empty());
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
        var errors = FormErrors.notDone(
                        NEW_MEMBER_FORM,
                        "Nobody was added",
                        new FormErrors.Field("name", "member-name", "Name"),
                        new FormErrors.Field("email", "member-email", "Email"),
                        new FormErrors.Field("role", "member-role", "Role"),
                        new FormErrors.Field("password", "member-password", "First password"))
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
                if (problem.kind() == ApiProblem.Kind.CONFLICT) {
                    errors.add("email", "already belongs to a member of this workspace");
                } else if (problem.kind() == ApiProblem.Kind.NOT_ALLOWED && role == Role.OWNER) {
                    errors.addSentence("role", String.valueOf(problem.getMessage()));
                } else {
                    errors.addRefusal(problem);
                }
            }
        }
        model.addAttribute("newMember", typed);
        model.addAttribute("errors", errors);
        return membersPage(me, model);
    }
}
