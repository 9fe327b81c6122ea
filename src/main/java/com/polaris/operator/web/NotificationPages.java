package com.polaris.operator.web;

import com.polaris.operator.identity.Role;
import com.polaris.operator.notification.Notification;
import com.polaris.operator.notification.NotificationType;
import com.polaris.operator.notification.Notifications;
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
 * The member's notifications, behind the bell in the header: their own, newest first (unread ones
 * first of all by default), each with a link to what it is about, and marking one or all read.
 * Every member has a bell, so every role may use these forms; each acts on the member's own only.
 */
@Controller
@RequiredArgsConstructor
class NotificationPages {

    private static final int PAGE = 50;

    private final Notifications notifications;

    /** A notification as the page lists it: in words, with where it leads. */
    record Item(Notification notification, String link, String linkText, String when) {

        public boolean unread() {
            return notification.readAt() == null;
        }
    }

    @GetMapping("/notifications")
    String list(
            ConsoleMember me,
            @RequestParam(defaultValue = "unread") String show,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        boolean unreadOnly = !"all".equals(show);
        var page = notifications.list(
                me.caller(), new Notifications.Filter(true, unreadOnly, null), Cursors.page(cursor, PAGE));
        model.addAttribute("items", page.items().stream().map(this::item).toList());
        model.addAttribute("show", unreadOnly ? "unread" : "all");
        ListPages.paged(model, page, cursor);
        return "notifications";
    }

    @PostMapping("/notifications/{id}/read")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String read(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        notifications.markRead(me.caller(), id);
        flash.addFlashAttribute("notice", "Marked read.");
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/read-all")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.VIEWER})
    String readAll(ConsoleMember me, RedirectAttributes flash) {
        int read = notifications.markAllRead(me.caller());
        flash.addFlashAttribute(
                "notice", read == 1 ? "1 notification marked read." : read + " notifications marked read.");
        return "redirect:/notifications";
    }

    private Item item(Notification n) {
        String when = Moments.text(n.createdAt());
        if (n.approvalId() != null && n.type() != NotificationType.MESSAGE) {
            return new Item(n, "/approvals/" + n.approvalId(), "Open the approval", when);
        }
        return new Item(n, "/actions/" + n.actionId(), "See the action", when);
    }
}
