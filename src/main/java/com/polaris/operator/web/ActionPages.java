package com.polaris.operator.web;

import com.polaris.operator.action.ActionFilter;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Role;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Actions: a filterable list with status chips, and each action's page with its whole timeline,
 * its result or error in words, and Retry / Cancel where its state allows them.
 */
@Controller
@RequiredArgsConstructor
class ActionPages {

    private static final int PAGE = 50;
    private static final String PAGE_ERRORS = "action-page";
    private static final String FILTERS = "action-filters";
    private static final Set<ActionStatus> CANCELLABLE =
            Set.of(ActionStatus.PENDING_APPROVAL, ActionStatus.SCHEDULED, ActionStatus.QUEUED);
    private static final Set<ActionStatus> RETRYABLE = Set.of(ActionStatus.FAILED, ActionStatus.NEEDS_REVIEW);

    private final ActionService actions;
    private final AuditLog audit;
    private final Catalog catalog;

    /** A row of the list or the head of the detail page. */
    record Row(ActionView action, String summary, String statusLabel, String tone, String requester) {

        static Row of(ActionView action) {
            return new Row(
                    action,
                    ActionWords.summary(action.tool(), action.arguments()),
                    ActionWords.statusLabel(action.status()),
                    ActionWords.tone(action.status()),
                    ActionWords.requester(action.requestedBy()));
        }
    }

    record StatusOption(String value, String label) {}

    @GetMapping("/actions")
    String list(
            ConsoleMember me,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String tool,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        ActionStatus statusFilter =
                status == null ? null : ActionStatus.parse(status).orElse(null);
        var errors = FormErrors.notDone(
                        FILTERS,
                        "No action can match",
                        new FormErrors.Field("tool", "tool", "Tool"),
                        new FormErrors.Field("conversationId", "conversationId", "Conversation"))
                .checkText("tool", tool)
                .checkText("conversationId", conversationId);
        var page = errors.isEmpty()
                ? actions.recent(
                        me.workspaceId(),
                        new ActionFilter(statusFilter, ListPages.filter(tool), ListPages.filter(conversationId), null),
                        Cursors.page(cursor, PAGE))
                : Page.<ActionView>empty();
        model.addAttribute("errors", errors);
        model.addAttribute("rows", page.items().stream().map(Row::of).toList());
        ListPages.paged(model, page, cursor);
        model.addAttribute("status", statusFilter == null ? "" : statusFilter.wire());
        model.addAttribute("tool", ListPages.shown(tool));
        model.addAttribute("conversationId", ListPages.shown(conversationId));
        model.addAttribute(
                "statuses",
                Arrays.stream(ActionStatus.values())
                        .map(s -> new StatusOption(s.wire(), ActionWords.statusLabel(s)))
                        .toList());
        model.addAttribute(
                "tools",
                catalog.all(me.workspaceId()).stream()
                        .sorted(Comparator.comparing(Tool::title))
                        .toList());
        return "actions";
    }

    @GetMapping("/actions/{id}")
    String detail(ConsoleMember me, @PathVariable String id, Model model) {
        return detailPage(me, id, model);
    }

    private String detailPage(ConsoleMember me, String id, Model model) {
        ActionView action = actions.view(me.workspaceId(), id);
        model.addAttribute("row", Row.of(action));
        model.addAttribute(
                "toolTitle",
                catalog.find(me.workspaceId(), action.tool()).map(Tool::title).orElse(action.tool()));
        model.addAttribute(
                "timeline",
                audit.timeline(me.workspaceId(), id).stream()
                        .map(ActionWords::entry)
                        .toList());
        model.addAttribute("mayCancel", me.canDecide() && CANCELLABLE.contains(action.status()));
        model.addAttribute("mayRetry", me.canDecide() && RETRYABLE.contains(action.status()));
        return "action";
    }

    @PostMapping("/actions/{id}/cancel")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER})
    String cancel(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        try {
            actions.cancel(me.caller(), id);
        } catch (ApiProblem problem) {
            return refused(me, id, "The action was not cancelled.", problem, model);
        }
        flash.addFlashAttribute("notice", "The action was cancelled.");
        return "redirect:/actions/" + id;
    }

    @PostMapping("/actions/{id}/retry")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER})
    String retry(ConsoleMember me, @PathVariable String id, Model model, RedirectAttributes flash) {
        ActionView action;
        try {
            action = actions.retry(me.caller(), id, null);
        } catch (ApiProblem problem) {
            return refused(me, id, "The action was not retried.", problem, model);
        }
        flash.addFlashAttribute(
                "notice",
                "Retried: the action is now "
                        + ActionWords.statusLabel(action.status()).toLowerCase(java.util.Locale.ROOT) + ".");
        return "redirect:/actions/" + id;
    }

    /**
     * The action's page as it is now, saying at its top why the service refused (its state changed
     * meanwhile, 409, or its arguments no longer fit the tool, 422); any other refusal is the
     * console's error page.
     */
    private String refused(ConsoleMember me, String id, String headline, ApiProblem problem, Model model) {
        if (problem.kind() != ApiProblem.Kind.CONFLICT && problem.kind() != ApiProblem.Kind.INVALID) {
            throw problem;
        }
        var errors = new FormErrors(PAGE_ERRORS, headline, List.of());
        if (problem.errors().isEmpty()) {
            errors.addToForm(String.valueOf(problem.getMessage()));
        }
        problem.errors().forEach(p -> errors.addToForm(FormErrors.aboutArguments(p)));
        model.addAttribute("errors", errors);
        return detailPage(me, id, model);
    }
}
