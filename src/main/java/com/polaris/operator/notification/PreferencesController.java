package com.polaris.operator.notification;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The calling member's own preferences; integration keys have none (403). */
@RestController
@RequestMapping("/api/v1/me/preferences")
@Tag(name = "Settings")
@RequiredArgsConstructor
class PreferencesController {

    private final Preferences preferences;

    @GetMapping
    @Operation(summary = "The caller's preferences (members)", description = """
            {"emailOnApproval": true, "dailyDigest": true} until the member changes them. Integration \
            keys have none (403).""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"emailOnApproval": true, "dailyDigest": true}""")
    Preferences.Choices get(@AuthenticationPrincipal Caller caller) {
        return preferences.of(caller);
    }

    @PutMapping
    @Operation(summary = "Replace the caller's preferences (members)", description = """
            Both fields, each true or false: emailOnApproval (approvals waiting for the member are also \
            emailed, grouped, when SMTP is configured) and dailyDigest. A missing or unknown field, or \
            a value that is not true or false, is 422 and changes nothing.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"emailOnApproval": true, "dailyDigest": false}""", response = """
                    {"emailOnApproval": true, "dailyDigest": false}""")
    Preferences.Choices put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        return preferences.replace(caller, body);
    }
}
