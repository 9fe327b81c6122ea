package com.polaris.operator.notification;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The workspace's chat webhook (owners and admins). */
@RestController
@RequestMapping("/api/v1/settings/chat-webhook")
@Tag(name = "Settings", description = "Workspace settings: business hours, usage limit, chat webhook, preferences.")
@RequiredArgsConstructor
class ChatWebhookController {

    private final ChatWebhooks webhooks;

    @GetMapping
    @Operation(summary = "The chat webhook (owners, admins)", description = """
            {"url", "events"}; {"url": null, "events": []} when none is set. The signing secret is \
            never shown again.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"url": "https://hooks.slack.com/services/T000/B000/XXXX",
             "events": ["approval.requested", "action.failed"]}""")
    ChatWebhooks.ChatWebhook get(@AuthenticationPrincipal Caller caller) {
        return webhooks.of(caller);
    }

    @PutMapping
    @Operation(summary = "Set or replace the chat webhook (owners, admins)", description = """
            {"url": "https://…", "events": [...]}: the product's notifications for members of those \
            types (approval.requested, approval.reminder, approval.escalated, approval.expired, \
            action.failed, action.needs_review) are also posted there, signed per Standard Webhooks, \
            with the body {"type", "text", "approvalId", "link"} (text escaped for Slack mrkdwn). The URL \
            is checked like a custom webhook action's (https, no credentials); private addresses are \
            refused when a delivery is sent. Answers {"url", "events", "signingSecret"}: a new secret \
            each time, shown only in this answer (the previous one keeps signing for 24 hours). An \
            unknown, duplicate or missing event, or an unknown field, is 422 and changes nothing.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"url": "https://hooks.slack.com/services/T000/B000/XXXX",
                     "events": ["approval.requested", "action.failed"]}""", response = """
                    {"url": "https://hooks.slack.com/services/T000/B000/XXXX",
                     "events": ["approval.requested", "action.failed"],
                     "signingSecret": "whsec_4rT8yU2iO6pA0sD3fG7hJ1kL5zX9cV"}""")
    ChatWebhooks.Saved put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return webhooks.replace(caller, body);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove the chat webhook (owners, admins)", description = """
            Nothing more is posted, not even deliveries still waiting for a retry; 204 also when none \
            was set.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    void delete(@AuthenticationPrincipal Caller caller) {
        webhooks.remove(caller);
    }
}
