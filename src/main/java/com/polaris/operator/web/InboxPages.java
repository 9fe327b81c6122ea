package com.polaris.operator.web;

import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.approval.ApprovalService;
import com.polaris.operator.approval.ApprovalService.ApprovalView;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The approvals inbox, the reviewers' home: pending approvals newest first, each told in plain
 * words with its context, and the decisions (approve, approve with edited arguments after seeing the
 * diff, reject with a reason). Deciding goes through {@link ApprovalService} as the member, so a
 * viewer or the requester gets the same 403 the API gives, even by a hand-made POST.
 */
@Controller
class InboxPages {

    private static final Set<String> FILTERS = Set.of("pending", "approved", "rejected", "expired", "cancelled", "all");
    private static final int PAGE = 50;

    private final ApprovalService approvals;
    private final ActionService actions;
    private final Catalog catalog;
    private final Clock clock;
    private final JsonMapper json;

    InboxPages(ApprovalService approvals, ActionService actions, Catalog catalog, Clock clock, JsonMapper json) {
        this.approvals = approvals;
        this.actions = actions;
        this.catalog = catalog;
        this.clock = clock;
        this.json = json;
    }

    /** An approval card: the approval with what the pages say about it. */
    record Card(ApprovalView approval, String summary, String toolTitle, String requester, String timeLeft,
            boolean mayDecide, @Nullable String whyNot) {

        public ActionView action() {
            return approval.action();
        }
    }

    @GetMapping("/")
    String home() {
        return "redirect:/approvals";
    }

    @GetMapping("/approvals")
    String inbox(ConsoleMember me, @RequestParam(defaultValue = "pending") String status,
            @RequestParam(required = false) @Nullable String cursor, Model model) {
        String filter = FILTERS.contains(status) ? status : "pending";
        Instant now = clock.instant();
        var page = approvals.inbox(me.caller(), "all".equals(filter) ? null : filter, Page.after(cursor), PAGE);
        model.addAttribute("cards", page.items().stream().map(a -> card(me, a, now)).toList());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("paged", !blank(cursor));
        model.addAttribute("filter", filter);
        model.addAttribute("filters", List.of("pending", "approved", "rejected", "expired", "cancelled", "all"));
        return "inbox";
    }

    @PostMapping("/approvals/{id}/approve")
    String approve(ConsoleMember me, @PathVariable String id, @RequestParam(required = false) @Nullable String comment,
            @RequestParam(required = false) @Nullable String arguments, RedirectAttributes flash) {
        JsonNode edited = arguments == null || arguments.isBlank() ? null : json.readTree(arguments);
        String trimmed = comment == null || comment.isBlank() ? null : comment.trim();
        if (trimmed != null && trimmed.length() > 2000) {
            throw ApiProblem.invalid("comment", "must be at most 2000 characters");
        }
        ApprovalView decided = approvals.approve(me.caller(), id, trimmed, edited);
        flash.addFlashAttribute("notice", "Approved: " + ActionWords.summary(decided.action().tool(),
                decided.action().arguments()) + ". It is now " + ActionWords.statusLabel(decided.action().status())
                .toLowerCase(java.util.Locale.ROOT) + ".");
        flash.addFlashAttribute("noticeLink", "/actions/" + decided.action().id());
        return "redirect:/approvals";
    }

    @PostMapping("/approvals/{id}/reject")
    String reject(ConsoleMember me, @PathVariable String id, @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes flash) {
        ApprovalView decided = approvals.reject(me.caller(), id, reason == null ? null : reason.trim());
        flash.addFlashAttribute("notice", "Rejected: " + ActionWords.summary(decided.action().tool(),
                decided.action().arguments()) + ".");
        flash.addFlashAttribute("noticeLink", "/actions/" + decided.action().id());
        return "redirect:/approvals";
    }

    @GetMapping("/approvals/{id}/edit")
    String edit(ConsoleMember me, @PathVariable String id, Model model) {
        ApprovalView approval = decidable(me, id);
        Tool tool = tool(me, approval);
        return editForm(me, approval, tool, approval.action().arguments(), Map.of(), "", model);
    }

    /** Shows what the edit changes before anything is approved; invalid edits come back to the form with the errors. */
    @PostMapping("/approvals/{id}/preview")
    String preview(ConsoleMember me, @PathVariable String id, @RequestParam Map<String, String> params, Model model) {
        ApprovalView approval = decidable(me, id);
        Tool tool = tool(me, approval);
        var errors = new LinkedHashMap<String, String>();
        var edited = SchemaForm.read(tool.inputSchema(), params, errors);
        String comment = params.getOrDefault("comment", "");
        if (errors.isEmpty()) {
            try {
                actions.requireValidArguments(me.workspaceId(), tool.name(), edited);
            } catch (ApiProblem problem) {
                if (problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
                    throw problem;
                }
                errors.putAll(SchemaForm.errorsByField(problem.errors()));
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute("formError", "Some fields need fixing before you can approve.");
            return editForm(me, approval, tool, edited, errors, comment, model);
        }
        model.addAttribute("card", card(me, approval, clock.instant()));
        model.addAttribute("changes", SchemaForm.diff(tool.inputSchema(), approval.action().arguments(), edited));
        model.addAttribute("after", ActionWords.summary(tool.name(), edited));
        model.addAttribute("argumentsJson", json.writeValueAsString(edited));
        model.addAttribute("comment", comment);
        return "approval-preview";
    }

    private String editForm(ConsoleMember me, ApprovalView approval, Tool tool, JsonNode values,
            Map<String, String> errors, String comment, Model model) {
        model.addAttribute("card", card(me, approval, clock.instant()));
        model.addAttribute("tool", tool);
        model.addAttribute("fields", SchemaForm.fields(tool.inputSchema(), values, errors));
        model.addAttribute("formErrors", errors.get("_form"));
        model.addAttribute("comment", comment);
        return "approval-edit";
    }

    private ApprovalView decidable(ConsoleMember me, String id) {
        ApprovalView approval = approvals.view(me.caller(), id);
        Card card = card(me, approval, clock.instant());
        if (!card.mayDecide()) {
            if (!"pending".equals(approval.status())) {
                throw ApiProblem.conflict("approval-already-decided", "This approval has already been decided.");
            }
            throw ApiProblem.forbidden(card.whyNot());
        }
        return approval;
    }

    private Tool tool(ConsoleMember me, ApprovalView approval) {
        return catalog.find(me.workspaceId(), approval.action().tool())
                .orElseThrow(() -> ApiProblem.notFound("The tool '" + approval.action().tool() + "'"));
    }

    private Card card(ConsoleMember me, ApprovalView approval, Instant now) {
        ActionView action = approval.action();
        String title = catalog.find(me.workspaceId(), action.tool()).map(Tool::title).orElse(action.tool());
        String whyNot = null;
        if (!me.canDecide()) {
            whyNot = "Your role (" + me.roleName() + ") can see approvals but not decide them.";
        } else if (action.requesterId().equals(me.id())) {
            whyNot = "You proposed this action, so someone else must decide it.";
        }
        boolean pending = "pending".equals(approval.status());
        return new Card(approval, ActionWords.summary(action.tool(), action.arguments()), title,
                ActionWords.requester(action.requestedBy()), ActionWords.timeLeft(approval.expiresAt(), now),
                pending && whyNot == null, whyNot);
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
