package com.polaris.operator.web;

import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.identity.Role;
import com.polaris.operator.subscription.EventDeliveries;
import com.polaris.operator.subscription.EventSubscriptions;
import com.polaris.operator.subscription.EventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event subscriptions tab (owners and admins): the subscriptions, a form that makes one and
 * shows its signing secret on that answer only, removal after a confirmation, and each
 * subscription's recent deliveries with a Redeliver button. It goes through the same services as
 * {@code /api/v1/event-subscriptions}, so the checks and refusals are the API's.
 */
@Controller
@RequiredArgsConstructor
class EventSubscriptionPages {

    private static final String FORM = "new-subscription";
    /** The most deliveries a subscription's page lists; the API pages through them all. */
    private static final int RECENT = 50;
    /** Each event a subscription may want, in the order API.md lists them, with when it is sent. */
    private static final Map<String, String> EVENT_WORDS = words();

    private final EventSubscriptions subscriptions;
    private final EventDeliveries deliveries;
    private final JsonMapper json;

    @GetMapping("/settings/events")
    String list(ConsoleMember me, Model model) {
        return listPage(me, "", List.of(), "", FormErrors.none(), model);
    }

    /** Makes a subscription and shows its signing secret on this answer only; what needs fixing is shown on the form. */
    @PostMapping("/settings/events")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String create(ConsoleMember me, @RequestParam MultiValueMap<String, String> params, Model model) {
        String url = Objects.requireNonNullElse(params.getFirst("url"), "").trim();
        List<String> events = params.getOrDefault("events", List.of());
        String description = Objects.requireNonNullElse(params.getFirst("description"), "");
        var errors = FormErrors.notDone(
                        FORM,
                        "No subscription was made",
                        new FormErrors.Field("url", "subscription-url", "URL"),
                        new FormErrors.Field("events", "subscription-events", "Events"),
                        new FormErrors.Field("description", "subscription-description", "Description"))
                .checkText("url", url)
                .checkText("description", description);
        events.forEach(event -> errors.checkText("events", event));
        if (errors.isEmpty()) {
            var body = json.createObjectNode();
            body.put("url", url);
            var chosen = body.putArray("events");
            events.forEach(chosen::add);
            if (!description.isBlank()) {
                body.put("description", description);
            }
            try {
                model.addAttribute("created", subscriptions.create(me.caller(), body));
                return listPage(me, "", List.of(), "", FormErrors.none(), model);
            } catch (ApiProblem problem) {
                SettingsTab.refusedOnForm(problem);
                errors.addAll(problem, field -> field.startsWith("events") ? "events" : field);
            }
        }
        return listPage(me, url, events, description, errors, model);
    }

    /** A subscription with its recent deliveries. */
    @GetMapping("/settings/events/{id}")
    String subscription(ConsoleMember me, @PathVariable String id, Model model) {
        model.addAttribute("section", "events");
        model.addAttribute("subscription", subscriptions.find(me.caller(), id));
        model.addAttribute(
                "deliveries",
                deliveries.list(me.caller(), id, new PageRequest(null, RECENT)).items());
        model.addAttribute("recent", RECENT);
        return "settings-event";
    }

    /** Asks before removing: the receiver hears nothing more, and the delivery log goes too. */
    @GetMapping("/settings/events/{id}/delete")
    String confirmDelete(ConsoleMember me, @PathVariable String id, Model model) {
        model.addAttribute("confirmDelete", subscriptions.find(me.caller(), id));
        return listPage(me, "", List.of(), "", FormErrors.none(), model);
    }

    @PostMapping("/settings/events/{id}/delete")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String delete(ConsoleMember me, @PathVariable String id, RedirectAttributes flash) {
        var removed = subscriptions.delete(me.caller(), id);
        flash.addFlashAttribute("notice", "Subscription to " + removed.url() + " removed: nothing more is sent there.");
        return "redirect:/settings/events";
    }

    @PostMapping("/settings/events/{id}/deliveries/{deliveryId}/redeliver")
    @AllowedRoles({Role.OWNER, Role.ADMIN})
    String redeliver(
            ConsoleMember me, @PathVariable String id, @PathVariable String deliveryId, RedirectAttributes flash) {
        try {
            var delivery = deliveries.redeliver(me.caller(), id, deliveryId);
            flash.addFlashAttribute(
                    "notice", "Delivery " + delivery.id() + " (" + delivery.event() + ") is on its way again.");
        } catch (ApiProblem problem) {
            if (problem.kind() != ApiProblem.Kind.CONFLICT) {
                throw problem;
            }
            flash.addFlashAttribute("notice", problem.getMessage());
        }
        return "redirect:/settings/events/" + id;
    }

    private static Map<String, String> words() {
        var words = new LinkedHashMap<String, String>();
        for (EventType type : EventType.values()) {
            words.put(
                    type.wire(),
                    switch (type) {
                        case ACTION_COMPLETED -> "an action completed";
                        case ACTION_FAILED -> "an action failed";
                        case ACTION_NEEDS_REVIEW -> "an action's outcome is uncertain";
                        case ACTION_REJECTED -> "a reviewer rejected an action";
                        case ACTION_EXPIRED -> "an action's approval expired";
                        case APPROVAL_REQUESTED -> "an action waits for a person";
                        case BATCH_COMPLETED -> "a batch completed (not sent yet: batches come later)";
                    });
        }
        return Collections.unmodifiableMap(words);
    }

    private String listPage(
            ConsoleMember me, String url, List<String> events, String description, FormErrors errors, Model model) {
        model.addAttribute("section", "events");
        SettingsTab.listed(
                model,
                "subscriptions",
                me.canConfigure() ? subscriptions.list(me.caller(), SettingsTab.FIRST) : Page.empty());
        model.addAttribute("eventWords", EVENT_WORDS);
        model.addAttribute("url", url);
        model.addAttribute("checked", events);
        model.addAttribute("description", description);
        model.addAttribute("errors", errors);
        return "settings-events";
    }
}
