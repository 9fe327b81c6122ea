package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals;
import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.batch.BatchService;
import com.polaris.operator.batch.BatchView;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.catalog.Tool;
import com.polaris.operator.identity.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * The batches: a list, and a page per batch with its progress (counts of its actions by status,
 * refreshed by htmx polling while it runs), its approval with Approve and Reject for those who may
 * decide it, and a Cancel button. Everything goes through the same services as the API.
 */
@Controller
@RequiredArgsConstructor
class BatchPages {

    private static final int PAGE = 50;
    private static final int ACTIONS_SHOWN = 20;

    private final BatchService batches;
    private final ActionApprovals approvals;
    private final Catalog catalog;

    /** A batch as its page shows it: its progress in words and numbers. */
    record Progress(BatchView batch, String toolTitle, long ended, int percent, List<Count> counts) {

        record Count(String status, String label, long count) {}

        static Progress of(BatchView batch, String toolTitle) {
            long ended = batch.ended();
            int percent = batch.count() == 0 ? 100 : (int) (ended * 100 / batch.count());
            var counts = batch.counts().entrySet().stream()
                    .map(e -> new Count(
                            e.getKey(),
                            com.polaris.operator.action.ActionStatus.parse(e.getKey())
                                    .map(ActionWords::statusLabel)
                                    .orElse(e.getKey()),
                            e.getValue()))
                    .toList();
            return new Progress(batch, toolTitle, ended, percent, counts);
        }

        public boolean running() {
            return !batch.status().ended();
        }

        public String statusLabel() {
            return batch.status().wire().replace('_', ' ');
        }
    }

    @GetMapping("/batches")
    String list(ConsoleMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        var page = batches.list(me.caller(), null, Cursors.page(cursor, PAGE));
        model.addAttribute(
                "rows",
                page.items().stream()
                        .map(b -> Progress.of(b, title(me, b.tool())))
                        .toList());
        ListPages.paged(model, page, cursor);
        return "batches";
    }

    @GetMapping("/batches/{id}")
    String detail(ConsoleMember me, @PathVariable String id, Model model) {
        BatchView batch = batches.view(me.caller(), id);
        model.addAttribute("progress", Progress.of(batch, title(me, batch.tool())));
        model.addAttribute(
                "approval",
                batch.approval() == null
                        ? null
                        : approvals.view(me.caller(), batch.approval().id()));
        List<ActionView> recent = batches.items(me.caller(), id, Cursors.page(null, ACTIONS_SHOWN))
                .items();
        model.addAttribute("recent", recent);
        model.addAttribute("mayCancel", me.canDecide());
        return "batch";
    }

    /** The progress alone, which the batch page polls while the batch runs. */
    @GetMapping("/batches/{id}/progress")
    String progress(ConsoleMember me, @PathVariable String id, Model model) {
        BatchView batch = batches.view(me.caller(), id);
        model.addAttribute("progress", Progress.of(batch, title(me, batch.tool())));
        model.addAttribute("mayCancel", me.canDecide());
        return "batch :: progress";
    }

    /** Every item as submitted, as a JSON download (the API's {@code submitted-items}, for a signed-in member). */
    @GetMapping("/batches/{id}/items.json")
    void download(ConsoleMember me, @PathVariable String id, HttpServletResponse response) throws IOException {
        BatchView batch = batches.view(me.caller(), id);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + id + "-items.json\"");
        batches.writeSubmitted(me.caller(), batch, response.getOutputStream());
    }

    @PostMapping("/batches/{id}/cancel")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER})
    String cancel(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        try {
            batches.cancel(me.caller(), id);
            flash.addFlashAttribute("notice", "The batch was cancelled: what had not run will not run.");
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("notice", "The batch was not cancelled: " + problem.getMessage());
        }
        return "redirect:/batches/" + id;
    }

    @PostMapping("/batches/{id}/approve")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String approve(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam Map<String, String> params,
            RedirectAttributes flash) {
        String comment = params.getOrDefault("comment", "").strip();
        return decide(me, id, flash, "approved", approvalId -> {
            var decided = approvals.approve(me.caller(), approvalId, comment.isEmpty() ? null : comment, null);
            return "pending".equals(decided.status())
                    ? "Your approval counts; more approvals are needed before the batch runs."
                    : "Approved: the batch is running.";
        });
    }

    @PostMapping("/batches/{id}/reject")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String reject(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam Map<String, String> params,
            RedirectAttributes flash) {
        String reason = params.getOrDefault("reason", "").strip();
        return decide(me, id, flash, "rejected", approvalId -> {
            approvals.reject(me.caller(), approvalId, reason);
            return "Rejected: none of the batch's items will run.";
        });
    }

    /**
     * Decides the batch's approval with {@code decision} (which answers what to tell the member) and
     * comes back to the batch's page, with what was done or why it was refused.
     */
    private String decide(
            ConsoleMember me, String id, RedirectAttributes flash, String done, Function<String, String> decision) {
        BatchView batch = batches.view(me.caller(), id);
        try {
            if (batch.approval() == null) {
                throw ApiProblem.conflict("approval-already-decided", "This batch needs no approval.");
            }
            flash.addFlashAttribute("notice", decision.apply(batch.approval().id()));
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("notice", "The batch was not " + done + ": " + problem.getMessage());
        }
        return "redirect:/batches/" + id;
    }

    private String title(ConsoleMember me, String tool) {
        return catalog.find(me.workspaceId(), tool).map(Tool::title).orElse(tool);
    }
}
