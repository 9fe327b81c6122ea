package com.polaris.operator.widget;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The web widget's settings: owners and admins set its allowed origins and rotate its key. */
@RestController
@RequestMapping("/api/v1/channels/web-widget")
@Tag(name = "Web widget", description = "The chat box a business embeds in its own pages, and what its pages call.")
@RequiredArgsConstructor
class WebWidgetController {

    private static final String EXAMPLE = """
            {"widgetKey": "pol_wgt_Q2hhdFdpZGdldEtleUV4YW1wbGUx",
             "allowedOrigins": ["https://shop.example.com", "https://www.example.com"],
             "createdAt": "2026-12-03T09:00:00Z", "updatedAt": "2026-12-03T09:00:00Z"}""";

    private final WebWidgets widgets;

    @GetMapping
    @Operation(summary = "The web widget's settings (members)", description = """
                    {"widgetKey", "allowedOrigins", "createdAt", "updatedAt"}. The key is public by design: \
                    it sits in the business's pages (see GET /widget.js) and only opens conversations from \
                    pages on the allowed origins. 404 until an owner or admin sets the widget up.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE)
    WebWidgets.WebWidget get(@AuthenticationPrincipal Caller caller) {
        return widgets.find(caller).orElseThrow(WebWidgets::notSetUp);
    }

    @PutMapping
    @Operation(summary = "Set up the web widget or change its allowed origins (owners, admins)", description = """
                    {"allowedOrigins": 1 to 20 origins}: the pages that may use the widget, each written as \
                    a browser sends it in its Origin header — scheme, host and a port when it is not the \
                    default, no path (https://shop.example.com, https://shop.example.com:8443); https only, \
                    http only for localhost, 127.0.0.1 and [::1]. errors[].field names allowedOrigins[i] for \
                    each one that is not valid. The first call makes the widget's key (pol_wgt_…); later \
                    calls keep it. Answers the widget; audited (web_widget.updated) with the origins.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.VALIDATION_FAILED})
    @ApiExamples(request = """
            {"allowedOrigins": ["https://shop.example.com", "https://www.example.com"]}""", response = EXAMPLE)
    WebWidgets.WebWidget put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return widgets.save(caller, body);
    }

    @PostMapping("/rotate-key")
    @Operation(summary = "Give the web widget a new key (owners, admins)", description = """
                    From the moment this answers, the old key opens no conversation: paste the new snippet \
                    into the pages. Conversations already open keep working (each has its own token). \
                    Audited (web_widget.key_rotated). 404 until the widget is set up.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND})
    @ApiExamples(response = EXAMPLE)
    WebWidgets.WebWidget rotateKey(@AuthenticationPrincipal Caller caller) {
        return widgets.rotateKey(caller);
    }
}
