package com.polaris.operator.widget;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.NoBearerToken;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.Problems;
import com.polaris.operator.workspace.ClientAddresses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the widget's script calls from the business's pages: no bearer token, the page's
 * {@code Origin} checked against the widget's allowed origins, rate-limited (429 with
 * {@code Retry-After}).
 */
@RestController
@RequestMapping("/widget/v1")
@Tag(name = "Web widget", description = "The chat box a business embeds in its own pages, and what its pages call.")
@RequiredArgsConstructor
class WidgetController {

    private final WidgetConversations conversations;
    private final ClientAddresses clientAddresses;

    record OpenRequest(@Nullable String widgetKey) {}

    record MessageRequest(
            @Nullable String conversationToken, @Nullable String text) {}

    @PostMapping("/conversations")
    @ResponseStatus(HttpStatus.CREATED)
    @NoBearerToken
    @Operation(summary = "Open a widget conversation (pages on the widget's allowed origins)", description = """
                    {"widgetKey"} → 201 {"conversationId": "web:…", "conversationToken"}. Called by the \
                    widget's script from the business's page: the request's Origin header must be one of \
                    the widget's allowed origins (else 403 origin-not-allowed, also without an Origin); \
                    browsers get CORS headers for allowed origins, but those are not the protection. The \
                    server picks the conversation's id; the token is a secret that writes to this one \
                    conversation only (Polaris keeps only its hash), so keep it in the visitor's browser. \
                    Rate-limited per client address and per widget (polaris.widget.*): 429 \
                    too-many-widget-requests with Retry-After. An unknown key is 404.""")
    @ProblemAnswers({ProblemType.ORIGIN_NOT_ALLOWED, ProblemType.NOT_FOUND, ProblemType.TOO_MANY_WIDGET_REQUESTS})
    @ApiExamples(request = """
            {"widgetKey": "pol_wgt_Q2hhdFdpZGdldEtleUV4YW1wbGUx"}""", response = """
            {"conversationId": "web:5f0c2a9e7b1d4c3a8e6f0b2d4a6c8e1f",
             "conversationToken": "pol_wct_gT5yR2kLq9wXe3NvB7mZ1sH4uJ6dF8aC0pO2iY5tW3r"}""")
    WidgetConversations.Opened open(
            @RequestBody OpenRequest body, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return conversations.open(body.widgetKey(), request.getHeader(HttpHeaders.ORIGIN), clientAddresses.of(request));
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @NoBearerToken
    @Operation(summary = "Post a visitor's message (pages on the widget's allowed origins)", description = """
                    {"conversationToken", "text" (1 to 2,000 characters)} → 201 {"id", "conversationId", \
                    "text", "at"}: the text becomes a customer message (channel web_widget) of the token's \
                    conversation, and of no other. A token Polaris never handed out is 401 \
                    unknown-conversation-token (open a new conversation); the Origin header must be one of \
                    the widget's allowed origins (else 403). Rate-limited per client address and per widget: \
                    429 too-many-widget-requests with Retry-After.""")
    @ProblemAnswers({
        ProblemType.UNKNOWN_CONVERSATION_TOKEN,
        ProblemType.ORIGIN_NOT_ALLOWED,
        ProblemType.TOO_MANY_WIDGET_REQUESTS
    })
    @ApiExamples(request = """
            {"conversationToken": "pol_wct_gT5yR2kLq9wXe3NvB7mZ1sH4uJ6dF8aC0pO2iY5tW3r",
             "text": "Hello! Do you deliver on Saturdays?"}""", response = """
            {"id": "msg_01jdqc2v4x6z8b0d2f4h6k8m0p", "conversationId": "web:5f0c2a9e7b1d4c3a8e6f0b2d4a6c8e1f",
             "text": "Hello! Do you deliver on Saturdays?", "at": "2026-12-03T09:15:00Z"}""")
    WidgetConversations.Posted post(
            @RequestBody MessageRequest body, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return conversations.post(
                body.conversationToken(),
                body.text(),
                request.getHeader(HttpHeaders.ORIGIN),
                clientAddresses.of(request));
    }

    /** 429 with {@code Retry-After}, in seconds. */
    @ExceptionHandler(WidgetThrottle.Throttled.class)
    ResponseEntity<ProblemDetail> throttled(WidgetThrottle.Throttled problem) {
        return Problems.retryAfter(problem, problem.retryAfter());
    }
}
