package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals;
import com.polaris.operator.action.ActionApprovals.ApprovalView;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approvals inbox, the reviewers' home: pending approvals newest first, each told in plain
 * words with its context, and the decisions (approve, approve with edited arguments after seeing the
 * diff, reject with a reason). Any member may post a decision, since a member named as a reviewer
 * decides whatever their role; deciding goes through {@link ActionApprovals} as the member, so one
 * who is not among an approval's reviewers, or its requester, gets the same 403 the API gives. The page itself
 * is assembled by {@link InboxCards}; deciding several together is {@link InboxSelection}.
 */
@Controller
@RequiredArgsConstructor
class InboxPages {

    private static final int MAX_TEXT = 2000;
    private static final String INBOX = "inbox";
    private static final String EDIT_FORM = "edit-form";

    private final ActionApprovals approvals;
    private final ActionService actions;
    private final Catalog catalog;
    private final InboxCards inbox;
    private final Clock clock;
    private final JsonMapper json;

    @GetMapping("/")
    String home() {
        return "redirect:/approvals";
    }

    /**
     * The inbox: {@code for=me} (what this member may still decide, the default for those who may
     * decide anything) or a {@code status}, {@code sort=oldest} for the longest waiting first;
     * {@code select} names a tool whose approvals this member may decide are all ticked.
     */
    @GetMapping("/approvals")
    String inbox(
            ConsoleMember me,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(name = "for", required = false) @Nullable String forWhom,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String select,
            Model model) {
        return inbox.show(me, inbox.view(me, status, forWhom, sort), cursor, null, Set.of(), select, null, model);
    }

    /** One approval on its own page: notifications, emails and chat messages link here. */
    @GetMapping("/approvals/{id}")
    String one(ConsoleMember me, @PathVariable String id, Model model) {
        return inbox.showOne(me, approvals.view(me.caller(), id), model);
    }

    /**
     * Approves as proposed (from the inbox) or with the arguments a reviewer edited and previewed
     * ({@code arguments}, from the preview page). Whatever is refused comes back on the form it came from.
     */
    @PostMapping("/approvals/{id}/approve")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String approve(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        if (!params.getOrDefault("arguments", "").isBlank()) {
            return approveEdited(me, id, params, model, flash);
        }
        String comment = params.getOrDefault("comment", "");
        var errors = cardErrors("approve-" + id, "Not approved", "comment", id, "Comment", params);
        checkComment(comment, errors);
        return decideOnCard(
                me,
                id,
                errors,
                "comment",
                comment,
                () -> approved(approvals.approve(me.caller(), id, trimmedOrNull(comment), null), flash),
                model);
    }

    private String approveEdited(
            ConsoleMember me, String id, Map<String, String> params, Model model, RedirectAttributes flash) {
        ApprovalView approval;
        try {
            approval = decidable(me, id);
        } catch (ApiProblem problem) {
            return decidedMeanwhileOr(me, problem, model);
        }
        Tool tool = tool(me, approval);
        String comment = params.getOrDefault("comment", "");
        var errors = editErrors(tool).checkText(Map.of("comment", comment));
        checkComment(comment, errors);
        JsonNode edited;
        try {
            edited = json.readTree(params.get("arguments"));
        } catch (JacksonException e) {
            edited = null;
        }
        if (edited == null || !edited.isObject() || !FormErrors.storable(edited)) {
            errors.addToForm(
                    "The changed arguments could not be read, so nothing was approved. Make the changes again below.");
            edited = approval.action().arguments();
        }
        JsonNode approvedArguments = edited;
        return decide(
                me,
                model,
                errors,
                () -> approved(approvals.approve(me.caller(), id, trimmedOrNull(comment), approvedArguments), flash),
                problem -> errors.addAll(problem, SchemaForm::param),
                () -> editForm(
                        me,
                        approval,
                        tool,
                        SchemaForm.fields(tool.inputSchema(), approvedArguments),
                        errors,
                        comment,
                        model));
    }

    /**
     * Makes a decision once the form is without errors. Someone else deciding meanwhile (a conflict)
     * shows the inbox with a notice; any other refusal goes on the form, which {@code formAgain} shows.
     */
    private String decide(
            ConsoleMember me,
            Model model,
            FormErrors errors,
            Supplier<String> decision,
            Consumer<ApiProblem> onForm,
            Supplier<String> formAgain) {
        if (errors.isEmpty()) {
            try {
                return decision.get();
            } catch (ApiProblem problem) {
                if (problem.kind() == ApiProblem.Kind.CONFLICT) {
                    return decidedMeanwhile(me, problem, model);
                }
                refusedOnForm(problem);
                onForm.accept(problem);
            }
        }
        return formAgain.get();
    }

    /**
     * The errors of a card's form, {@code form}, whose one text field is posted as {@code param};
     * {@code notDone} starts the headline ("Not approved").
     */
    private static FormErrors cardErrors(
            String form, String notDone, String param, String id, String label, Map<String, String> params) {
        return FormErrors.notDone(form, notDone, new FormErrors.Field(param, param + "-" + id, label))
                .checkText(params);
    }

    /**
     * {@link #decide} for a card of the inbox: a refusal goes beside the card's text field (posted as
     * {@code param}), shown again with what was typed into it.
     */
    private String decideOnCard(
            ConsoleMember me,
            String id,
            FormErrors errors,
            String param,
            String typed,
            Supplier<String> decision,
            Model model) {
        return decide(me, model, errors, decision, errors::addAll, () -> {
            model.addAttribute("errors", errors);
            model.addAttribute("typed", Map.of(param + "-" + id, typed));
            return inbox.show(me, "pending", null, approvals.view(me.caller(), id), model);
        });
    }

    private static String approved(ApprovalView decided, RedirectAttributes flash) {
        if ("pending".equals(decided.status())) {
            return decided(
                    "Your approval counts",
                    decided,
                    ". " + decided.approvedBy() + " of " + decided.required()
                            + " approvals so far; it runs once the others approve.",
                    flash);
        }
        String now = ActionWords.statusLabel(decided.action().status()).toLowerCase(java.util.Locale.ROOT);
        return decided("Approved", decided, ". It is now " + now + ".", flash);
    }

    /**
     * Back to the inbox, whose notice says what was decided ("Approved: Create lead Ana Ruiz", then
     * {@code after}) and links to the action.
     */
    private static String decided(String verdict, ApprovalView decided, String after, RedirectAttributes flash) {
        var action = decided.action();
        flash.addFlashAttribute(
                "notice", verdict + ": " + ActionWords.summary(action.tool(), action.arguments()) + after);
        flash.addFlashAttribute("noticeLink", "/actions/" + action.id());
        return "redirect:/approvals";
    }

    @PostMapping("/approvals/{id}/reject")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String reject(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam Map<String, String> params,
            Model model,
            RedirectAttributes flash) {
        String reason = params.getOrDefault("reason", "");
        var errors = cardErrors("reject-" + id, "Not rejected", "reason", id, "Reason for rejecting", params);
        if (reason.isBlank()) {
            errors.add("reason", "is required");
        } else if (reason.trim().length() > MAX_TEXT) {
            errors.add("reason", "must be at most " + MAX_TEXT + " characters");
        }
        return decideOnCard(
                me,
                id,
                errors,
                "reason",
                reason,
                () -> rejected(approvals.reject(me.caller(), id, reason.trim()), flash),
                model);
    }

    private static String rejected(ApprovalView decided, RedirectAttributes flash) {
        return decided("Rejected", decided, ".", flash);
    }

    @GetMapping("/approvals/{id}/edit")
    String edit(ConsoleMember me, @PathVariable String id, Model model) {
        ApprovalView approval = decidable(me, id);
        Tool tool = tool(me, approval);
        return editForm(
                me,
                approval,
                tool,
                SchemaForm.fields(tool.inputSchema(), approval.action().arguments()),
                FormErrors.none(),
                "",
                model);
    }

    /**
     * Shows what the edit changes before anything is approved; an edit that needs fixing comes back
     * to the form with every problem beside its field and what was typed.
     */
    @PostMapping("/approvals/{id}/preview")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String preview(ConsoleMember me, @PathVariable String id, @RequestParam Map<String, String> params, Model model) {
        ApprovalView approval;
        try {
            approval = decidable(me, id);
        } catch (ApiProblem problem) {
            return decidedMeanwhileOr(me, problem, model);
        }
        Tool tool = tool(me, approval);
        var errors = editErrors(tool).checkText(params);
        var edited = SchemaForm.read(tool.inputSchema(), params, errors);
        String comment = params.getOrDefault("comment", "");
        checkComment(comment, errors);
        try {
            actions.requireValidArguments(me.workspaceId(), tool.name(), edited);
        } catch (ApiProblem problem) {
            refusedOnForm(problem);
            errors.addAll(problem, SchemaForm::param);
        }
        if (!errors.isEmpty()) {
            return editForm(
                    me, approval, tool, SchemaForm.fieldsAsTyped(tool.inputSchema(), params), errors, comment, model);
        }
        model.addAttribute("card", ApprovalCard.of(me, approval, catalog, clock.instant()));
        model.addAttribute(
                "changes", SchemaForm.diff(tool.inputSchema(), approval.action().arguments(), edited));
        model.addAttribute("after", ActionWords.summary(tool.name(), edited));
        model.addAttribute("argumentsJson", json.writeValueAsString(edited));
        model.addAttribute("comment", comment);
        return "approval-preview";
    }

    private static FormErrors editErrors(Tool tool) {
        var fields = new ArrayList<>(SchemaForm.formFields(tool.inputSchema()));
        fields.add(new FormErrors.Field("comment", "comment", "Comment"));
        return FormErrors.notDone(EDIT_FORM, "Not approved yet", fields);
    }

    private static void checkComment(String comment, FormErrors errors) {
        if (comment.trim().length() > MAX_TEXT) {
            errors.add("comment", "must be at most " + MAX_TEXT + " characters");
        }
    }

    /** The inbox, saying at its top that the approval was decided (or changed) before this decision. */
    private String decidedMeanwhile(ConsoleMember me, ApiProblem problem, Model model) {
        model.addAttribute(
                "errors",
                new FormErrors(INBOX, "Nothing was changed.", List.of())
                        .addToForm(String.valueOf(problem.getMessage())));
        return inbox.show(me, "pending", null, null, model);
    }

    /** {@link #decidedMeanwhile} for a 409; any other refusal is the console's error page. */
    private String decidedMeanwhileOr(ConsoleMember me, ApiProblem problem, Model model) {
        if (problem.kind() != ApiProblem.Kind.CONFLICT) {
            throw problem;
        }
        return decidedMeanwhile(me, problem, model);
    }

    /** A service's 422 is shown on the form; any other refusal is the console's error page. */
    private static void refusedOnForm(ApiProblem problem) {
        if (problem.kind() != ApiProblem.Kind.INVALID) {
            throw problem;
        }
    }

    private static @Nullable String trimmedOrNull(String text) {
        return text.isBlank() ? null : text.trim();
    }

    private String editForm(
            ConsoleMember me,
            ApprovalView approval,
            Tool tool,
            List<SchemaForm.Field> fields,
            FormErrors errors,
            String comment,
            Model model) {
        model.addAttribute("card", ApprovalCard.of(me, approval, catalog, clock.instant()));
        model.addAttribute("tool", tool);
        model.addAttribute("fields", fields);
        model.addAttribute("errors", errors);
        model.addAttribute("comment", comment);
        return "approval-edit";
    }

    private ApprovalView decidable(ConsoleMember me, String id) {
        ApprovalView approval = approvals.view(me.caller(), id);
        ApprovalCard card = ApprovalCard.of(me, approval, catalog, clock.instant());
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
                .orElseThrow(() ->
                        ApiProblem.notFound("The tool '" + approval.action().tool() + "'"));
    }
}
