package com.polaris.operator.web;

import com.polaris.operator.action.ActionService;
import com.polaris.operator.action.ActionStatus;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.Page;
import com.polaris.operator.audit.AuditLog;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
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
class ActionPages {

    private static final int PAGE = 50;
    private static final Set<ActionStatus> CANCELLABLE =
            Set.of(ActionStatus.PENDING_APPROVAL, ActionStatus.SCHEDULED, ActionStatus.QUEUED);
    private static final Set<ActionStatus> RETRYABLE = Set.of(ActionStatus.FAILED, ActionStatus.NEEDS_REVIEW);

    private final ActionService actions;
    private final AuditLog audit;
    private final Catalog catalog;

    ActionPages(ActionService actions, AuditLog audit, Catalog catalog) {
        this.actions = actions;
        this.audit = audit;
        this.catalog = catalog;
    }

    /** A row of the list or the head of the detail page. */
    record Row(ActionView action, String summary, String statusLabel, String tone, String requester) {

        static Row of(ActionView action) {
            return new Row(action, ActionWords.summary(action.tool(), action.arguments()),
                    ActionWords.statusLabel(action.status()), ActionWords.tone(action.status()),
                    ActionWords.requester(action.requestedBy()));
        }
    }

    record StatusOption(String value, String label) {}

    @GetMapping("/actions")
    String list(ConsoleMember me, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String tool,
            @RequestParam(required = false) @Nullable String conversationId,
            @RequestParam(required = false) @Nullable String cursor, Model model) {
        ActionStatus statusFilter = blank(status) ? null : ActionStatus.parse(status).orElse(null);
        var page = actions.recent(me.workspaceId(), statusFilter, blank(tool) ? null : tool.trim(),
                blank(conversationId) ? null : conversationId.trim(), Page.after(cursor), PAGE);
        model.addAttribute("rows", page.items().stream().map(Row::of).toList());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("paged", !blank(cursor));
        model.addAttribute("status", statusFilter == null ? "" : statusFilter.wire());
        model.addAttribute("tool", blank(tool) ? "" : tool.trim());
        model.addAttribute("conversationId", blank(conversationId) ? "" : conversationId.trim());
        model.addAttribute("statuses", Arrays.stream(ActionStatus.values())
                .map(s -> new StatusOption(s.wire(), ActionWords.statusLabel(s))).toList());
        model.addAttribute("tools", catalog.all(me.workspaceId()).stream()
                .sorted(Comparator.comparing(Tool::title)).toList());
        return "actions";
    }

    @GetMapping("/actions/{id}")
    String detail(ConsoleMember me, @PathVariable String id, Model model) {
        ActionView action = actions.view(me.workspaceId(), id);
        model.addAttribute("row", Row.of(action));
        model.addAttribute("toolTitle", catalog.find(me.workspaceId(), action.tool()).map(Tool::title).orElse(action.tool()));
        model.addAttribute("timeline", audit.timeline(me.workspaceId(), id).stream().map(ActionWords::entry).toList());
        model.addAttribute("mayCancel", me.canDecide() && CANCELLABLE.contains(action.status()));
        model.addAttribute("mayRetry", me.canDecide() && RETRYABLE.contains(action.status()));
        return "action";
    }

    @PostMapping("/actions/{id}/cancel")
    String cancel(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        actions.cancel(me.caller(), id);
        flash.addFlashAttribute("notice", "The action was cancelled.");
        return "redirect:/actions/" + id;
    }

    @PostMapping("/actions/{id}/retry")
    String retry(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        ActionView action = actions.retry(me.caller(), id, null);
        flash.addFlashAttribute("notice", "Retried: the action is now "
                + ActionWords.statusLabel(action.status()).toLowerCase(java.util.Locale.ROOT) + ".");
        return "redirect:/actions/" + id;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
