package com.polaris.operator.subscription;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Event subscriptions and their delivery logs (owners and admins). */
@RestController
@RequestMapping("/api/v1/event-subscriptions")
@RequiredArgsConstructor
class EventSubscriptionController {

    private final EventSubscriptions subscriptions;
    private final EventDeliveries deliveries;

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe to action events (owners, admins)", description = """
                    {"url": "https://…", "events": [...], "description": "…"}: events are action.completed, \
                    action.failed, action.needs_review, action.rejected, action.expired, approval.requested \
                    (an action waits for a person) and batch.completed (accepted; nothing sends it until action \
                    batches exist). Each event is posted once to every subscription that wants it, after the \
                    change commits, through the job queue: body {"type", "createdAt", "data": {"action": {the \
                    action as GET /api/v1/actions/{id} shows it, without timeline}}}, signed per Standard \
                    Webhooks (webhook-id is the delivery's id, the same on every retry and redelivery; \
                    webhook-timestamp; webhook-signature v1,<HMAC-SHA256 of id.timestamp.body, key = Base64 \
                    after whsec_>). HTTPS only, no redirects, private and reserved addresses refused when a \
                    delivery is sent (the delivery fails with the reason); 5xx, 429 and network errors are \
                    retried with exponential backoff up to 10 attempts. The URL follows the rules of custom \
                    webhook actions (https, a host, no credentials, no fragment). Answers 201 with \
                    {"id", "url", "events", "description", "signingSecret", "createdAt"}: the secret is shown \
                    only in this answer. A workspace has at most 20 subscriptions (409 beyond).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.TOO_MANY_SUBSCRIPTIONS})
    @ApiExamples(request = """
            {"url": "https://bot.example.com/polaris-events", "events": ["action.completed", "action.rejected"],
             "description": "Chatbot outcomes"}""", response = """
            {"id": "evs_01jdqa1b2c3d4e5f6g7h8j9k0m", "url": "https://bot.example.com/polaris-events", "events": ["action.completed", "action.rejected"], "description": "Chatbot outcomes",
             "signingSecret": "whsec_MfKQ9r8GKYqRWUdQ8Ypo1mqG3q1vVqOc", "createdAt": "2026-12-03T09:15:00Z"}""")
    EventSubscriptions.Created create(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return subscriptions.create(caller, body);
    }

    @GetMapping
    @Operation(summary = "The workspace's event subscriptions (owners, admins)", description = """
                    {"items": [{"id", "url", "events", "description", "createdAt"}], "nextCursor"}, newest \
                    first; the signing secrets are never shown again.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "evs_01jdqa1b2c3d4e5f6g7h8j9k0m", "url": "https://bot.example.com/polaris-events", "events": ["action.completed", "action.rejected"], "description": "Chatbot outcomes",
              "createdAt": "2026-12-03T09:15:00Z"}], "nextCursor": null}""")
    Page<EventSubscriptions.EventSubscription> list(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return subscriptions.list(caller, page);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an event subscription (owners, admins)", description = """
                    Removes the subscription, its signing secret and its delivery log; deliveries still \
                    waiting for a retry are not sent.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    void delete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        subscriptions.delete(caller, id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "A subscription's deliveries (owners, admins)", description = """
                    {"items": [{"id", "subscriptionId", "event", "actionId", "status": "pending" | \
                    "delivered" | "failed", "attempts", "lastError", "createdAt", "lastAttemptAt", \
                    "deliveredAt"}], "nextCursor"}, newest first. id is the webhook-id the receiver saw; \
                    lastError says why the last attempt failed (the receiver's status, a refused address, a \
                    timeout) and never carries a secret.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = """
            {"items": [{"id": "evd_01jdqb7c8d9e0f1g2h3j4k5m6n", "subscriptionId": "evs_01jdqa1b2c3d4e5f6g7h8j9k0m", "event": "action.completed", "actionId": "act_01jdqa9z8y7x6w5v4u3t2s1r0q",
              "status": "delivered", "attempts": 2, "lastError": null, "createdAt": "2026-12-03T09:20:00Z",
              "lastAttemptAt": "2026-12-03T09:20:04Z", "deliveredAt": "2026-12-03T09:20:04Z"}], "nextCursor": null}""")
    Page<EventDeliveries.EventDelivery> deliveries(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, PageRequest page) {
        return deliveries.list(caller, id, page);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivery again (owners, admins)", description = """
                    Queues a delivered or failed delivery to be sent again, with the same body and \
                    webhook-id and a fresh round of retries; answers 202 with the delivery, now pending.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.DELIVERY_PENDING})
    @ApiExamples(response = """
            {"id": "evd_01jdqb7c8d9e0f1g2h3j4k5m6n", "subscriptionId": "evs_01jdqa1b2c3d4e5f6g7h8j9k0m", "event": "action.completed", "actionId": "act_01jdqa9z8y7x6w5v4u3t2s1r0q",
             "status": "pending", "attempts": 2, "lastError": null, "createdAt": "2026-12-03T09:20:00Z",
             "lastAttemptAt": "2026-12-03T09:20:04Z", "deliveredAt": "2026-12-03T09:20:04Z"}""")
    EventDeliveries.EventDelivery redeliver(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String deliveryId) {
        return deliveries.redeliver(caller, id, deliveryId);
    }
}
