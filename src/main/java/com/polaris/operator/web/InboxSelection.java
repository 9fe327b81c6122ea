package com.polaris.operator.web;

import com.polaris.operator.action.ApprovalDecisions;
import com.polaris.operator.action.ApprovalDecisions.Outcome;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.identity.Role;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Approving or rejecting the selected approvals of one tool together, from the inbox. The form
 * lists nothing itself: the cards' checkboxes belong to it, so it works as a plain form post. Each
 * approval is decided on its own through {@link ApprovalDecisions}, as the member, so a refusal of
 * one (decided meanwhile, proposed by this member) is told beside the others' outcome, and a
 * viewer gets 403 before anything is read.
 */
@Controller
@RequiredArgsConstructor
class InboxSelection {

    private static final int MAX_TEXT = 2000;

    private final ApprovalDecisions decisions;
    private final InboxCards inbox;
    private final Catalog catalog;

    /** What became of a decision on several approvals, for the inbox after the redirect. */
    record Outcomes(String headline, List<String> decided, List<String> refused) implements Serializable {}

    @PostMapping("/approvals/decisions")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER})
    String decide(
            ConsoleMember me,
            @RequestParam Map<String, String> params,
            @RequestParam(name = "ids", required = false) @Nullable List<String> ids,
            Model model,
            RedirectAttributes flash) {
        String tool = params.getOrDefault("tool", "");
        if (catalog.find(me.workspaceId(), tool).isEmpty()) {
            throw ApiProblem.badParameter("The form names no tool of this workspace.");
        }
        String decision = params.getOrDefault("decision", "");
        String reason = params.getOrDefault("reason", "");
        var selected = new LinkedHashSet<String>();
        var selection = new InboxCards.Selection(tool, tool, List.of());
        var errors = FormErrors.notDone(
                        selection.formId(),
                        "Nothing was decided",
                        new FormErrors.Field("reason", selection.reasonId(), "Reason for rejecting"))
                .checkText(params);
        if (ids != null) {
            for (String id : ids) {
                if (!FormErrors.storable(id)) {
                    errors.addToForm("A selected approval is not one this page offered. Select the approvals again.");
                } else if (!id.isBlank()) {
                    selected.add(id);
                }
            }
        }
        if (selected.isEmpty()) {
            errors.addToForm("Select at least one approval first.");
        } else if (selected.size() > ApprovalDecisions.MAX_IDS) {
            errors.addToForm("Select at most " + ApprovalDecisions.MAX_IDS + " approvals at a time.");
        }
        boolean reject = "reject".equals(decision);
        if (!reject && !"approve".equals(decision)) {
            errors.addToForm("Choose Approve selected or Reject selected.");
        }
        if (reject && reason.isBlank()) {
            errors.add("reason", "is required to reject");
        } else if (reason.trim().length() > MAX_TEXT) {
            errors.add("reason", "must be at most " + MAX_TEXT + " characters");
        }
        if (errors.isEmpty()) {
            try {
                var outcomes = decisions.decide(
                        me.caller(), List.copyOf(selected), decision, null, reject ? reason.trim() : null);
                flash.addFlashAttribute("outcomes", outcomes(reject, outcomes));
                return "redirect:/approvals";
            } catch (ApiProblem problem) {
                if (problem.kind() != ApiProblem.Kind.INVALID) {
                    throw problem;
                }
                errors.addAll(problem, field -> field.equals("reason") ? "reason" : null);
            }
        }
        model.addAttribute("errors", errors);
        model.addAttribute("typed", Map.of(selection.reasonId(), reason));
        return inbox.show(me, InboxCards.InboxView.PENDING, null, null, selected, null, tool, model);
    }

    /** "Approved 2 of 3 selected approvals.", then each approval with its outcome in words. */
    private static Outcomes outcomes(boolean reject, List<Outcome> outcomes) {
        String verb = reject ? "Rejected" : "Approved";
        var decided = new ArrayList<String>();
        var refused = new ArrayList<String>();
        for (Outcome outcome : outcomes) {
            String what = outcome.approval() == null
                    ? "Approval " + outcome.id()
                    : ActionWords.summary(
                            outcome.approval().action().tool(),
                            outcome.approval().action().arguments());
            if (outcome.error() == null) {
                var approval = outcome.approval();
                decided.add(
                        approval != null && !reject && "pending".equals(approval.status())
                                ? what + " (" + approval.approvedBy() + " of " + approval.required()
                                        + " approvals so far)"
                                : what);
            } else {
                refused.add(what + ": " + outcome.error().getMessage());
            }
        }
        String headline = verb + " " + decided.size() + " of " + outcomes.size() + " selected "
                + (outcomes.size() == 1 ? "approval" : "approvals")
                + (refused.isEmpty() ? "." : "; " + refused.size() + " not " + verb.toLowerCase(Locale.ROOT) + ".");
        return new Outcomes(headline, decided, refused);
    }
}
