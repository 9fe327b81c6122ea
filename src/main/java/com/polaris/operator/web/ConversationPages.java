package com.polaris.operator.web;

import com.polaris.operator.action.ActionFilter;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.conversation.ConversationRetention;
import com.polaris.operator.conversation.Conversations;
import com.polaris.operator.identity.Role;
import com.polaris.operator.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation in the console: its messages, latest first and paged, with the actions that name it,
 * and (for owners and admins) the erasing of it after a confirmation. The settings tab
 * "Conversations" sets how long messages are kept. Both go through the same services as the API.
 */
@Controller
@RequiredArgsConstructor
class ConversationPages {

    private static final int PAGE = 50;
    private static final String RETENTION_FORM = "retention";

    private final Conversations conversations;
    private final ConversationRetention retention;
    private final ActionService actions;
    private final Operator operator;
    private final JsonMapper json;

    /** One message as the page shows it. */
    record Line(String role, String who, String text, String channel, Instant at) {}

    @GetMapping("/conversations/{id}")
    String conversation(
            ConsoleMember me,
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        return page(me, id, cursor, false, model);
    }

    /** Asks before erasing: the messages go for good. */
    @GetMapping("/conversations/{id}/erase")
    String confirmErase(ConsoleMember me, @PathVariable String id, Model model) {
        return page(me, id, null, true, model);
    }

    @PostMapping("/conversations/{id}/erase")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String erase(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        int erased = conversations.erase(me.workspaceId(), id, me.caller().actor());
        flash.addFlashAttribute(
                "notice",
                "Conversation " + id + " erased with its " + erased + (erased == 1 ? " message." : " messages."));
        return "redirect:/actions";
    }

    /**
     * Asks the operator to prepare an action from the conversation, as {@code POST
     * /api/v1/conversations/{id}/prepare} does: a proposed action opens its page, any other outcome is
     * said on the conversation's page.
     */
    @PostMapping("/conversations/{id}/prepare")
    @AllowedRoles({Role.OWNER, Role.ADMIN, Role.REVIEWER})
    String prepare(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        String back = "redirect:/conversations/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
        Operator.Preparation preparation;
        try {
            preparation = operator.prepare(me.caller(), id);
        } catch (Operator.NotConfigured notConfigured) {
            flash.addFlashAttribute("notice", "Nothing was prepared: " + notConfigured.getMessage());
            return back;
        } catch (ApiProblem problem) {
            if (problem.kind() == ApiProblem.Kind.NOT_FOUND) {
                throw problem;
            }
            flash.addFlashAttribute("notice", "Nothing was prepared: " + problem.getMessage());
            return back;
        }
        return switch (preparation) {
            case Operator.Preparation.Proposed proposed -> {
                flash.addFlashAttribute(
                        "notice",
                        "The operator proposed this action from the conversation; it waits as its policy says.");
                yield "redirect:/actions/" + proposed.action().id();
            }
            case Operator.Preparation.Answered answered -> {
                flash.addFlashAttribute(
                        "notice",
                        ("missing_information".equals(answered.outcome())
                                        ? "Nothing was prepared: the customer has not said "
                                                + String.join(", ", answered.missing()) + ". "
                                        : "Nothing to prepare. ")
                                + answered.message());
                yield back;
            }
            case Operator.Preparation.ModelError error -> {
                flash.addFlashAttribute(
                        "notice",
                        "Nothing was prepared: the model's answer could not be used (" + error.problem() + ").");
                yield back;
            }
        };
    }

    private String page(ConsoleMember me, String id, @Nullable String cursor, boolean confirmErase, Model model) {
        var conversation = conversations.find(me.workspaceId(), id);
        var named = actions.recent(me.workspaceId(), ActionFilter.conversation(id), new PageRequest(null, PAGE));
        if (conversation.isEmpty() && named.items().isEmpty()) {
            throw ApiProblem.notFound("Conversation " + id);
        }
        // An action may name a conversation whose messages were never handed in, or were erased.
        var messages = conversation.isPresent()
                ? conversations.messages(me.workspaceId(), id, Cursors.page(cursor, PAGE))
                : Page.<Conversations.Message>empty();
        model.addAttribute("conversationId", id);
        model.addAttribute(
                "channel", conversation.map(Conversations.Conversation::channel).orElse(null));
        model.addAttribute("stored", conversation.isPresent());
        model.addAttribute(
                "messages",
                messages.items().stream()
                        .map(m -> new Line(m.role(), who(m.role()), m.text(), m.channel(), m.at()))
                        .toList());
        ListPages.paged(model, messages, cursor);
        model.addAttribute(
                "rows", named.items().stream().map(ActionPages.Row::of).toList());
        model.addAttribute("moreActions", named.nextCursor() != null);
        model.addAttribute("confirmErase", confirmErase && me.canConfigure() && conversation.isPresent());
        return "conversation";
    }

    @GetMapping("/settings/conversations")
    String settings(ConsoleMember me, Model model) {
        return settingsPage(me, null, FormErrors.none(), model);
    }

    @PostMapping("/settings/conversations")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String saveRetention(
            ConsoleMember me, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        String days =
                Objects.requireNonNullElse(params.get("conversationDays"), "").strip();
        var errors = FormErrors.notDone(
                RETENTION_FORM,
                "The retention was not changed",
                new FormErrors.Field("conversationDays", "conversation-days", "Keep messages for"));
        var body = json.createObjectNode();
        try {
            body.put("conversationDays", Integer.parseInt(days));
        } catch (NumberFormatException e) {
            body.put("conversationDays", days);
        }
        try {
            var saved = retention.set(me.caller(), body);
            flash.addFlashAttribute(
                    "notice", "Conversation messages are now kept for " + saved.conversationDays() + " days.");
            return "redirect:/settings/conversations";
        } catch (ApiProblem problem) {
            SettingsTab.refusedOnForm(problem);
            return settingsPage(me, days, errors.addAll(problem), model);
        }
    }

    private String settingsPage(ConsoleMember me, @Nullable String typed, FormErrors errors, Model model) {
        model.addAttribute("section", "conversations");
        model.addAttribute(
                "conversationDays",
                typed != null
                        ? typed
                        : String.valueOf(retention.get(me.caller()).conversationDays()));
        model.addAttribute("errors", errors);
        return "settings-conversations";
    }

    private static String who(String role) {
        return switch (role) {
            case "customer" -> "Customer";
            case "bot" -> "Bot";
            default -> "Agent";
        };
    }
}
