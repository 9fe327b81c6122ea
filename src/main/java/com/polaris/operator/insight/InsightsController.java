package com.polaris.operator.insight;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/insights/tools}: how each tool's proposals fared over a period (members). */
@RestController
@RequiredArgsConstructor
class InsightsController {

    private final ToolInsights insights;

    @GetMapping("/api/v1/insights/tools")
    @Operation(summary = "How each tool's proposals fared over a period (members)", description = """
                    ?from=&to= are ISO dates (a whole day in UTC: to=2026-11-30 includes that day) or instants \
                    (2026-11-30T09:00:00Z); without from the period starts 30 days before its end, without to \
                    it ends now; at most 366 days. Answers {"from", "to", "items": [...]}, one item per tool \
                    with a proposal in the period, the most proposed first. The figures count the actions \
                    created in [from, to) that are not test runs: proposals (all of them); approvalsAsked \
                    (those that asked a person at least once); approved, rejected and expired (by the outcome \
                    of the action's last approval, so one that was cancelled or still waits counts in none); \
                    edited (approved, and a reviewer edited the arguments in one of its approvals); \
                    approvedUnedited (approved minus edited); medianSecondsToDecision (median, in whole \
                    seconds, from the request of the last approval to its approval or rejection; null when \
                    none was decided; expiries are not decisions); completed, failed and needsReview (the \
                    action's status now); topRejectionReasons (up to 5 [{"reason", "count"}], the reasons \
                    reviewers gave, most given first). suggestion is null or {"kind", "text", "evidence"}: \
                    relax_review when at least 50 decisions (approved + rejected) were at least 98 % approved \
                    unedited and no action failed or needs review; add_review when, of the actions that asked \
                    no person, at least 20 ran (completed, failed or needs review) and at least 10 % of those \
                    failed or need review. A suggestion is advice: nothing is changed by it.""")
    @ProblemAnswers({ProblemType.BAD_PARAMETER, ProblemType.FORBIDDEN})
    @ApiExamples(response = """
            {"from": "2026-11-03T00:00:00Z", "to": "2026-12-03T00:00:00Z",
             "items": [{"tool": "apply_discount", "proposals": 64, "approvalsAsked": 60, "approved": 55,
                        "approvedUnedited": 53, "edited": 2, "rejected": 4, "expired": 1,
                        "medianSecondsToDecision": 840, "completed": 57, "failed": 0, "needsReview": 0,
                        "topRejectionReasons": [{"reason": "Discount too high for a new customer", "count": 3},
                                                {"reason": "Duplicate request", "count": 1}],
                        "suggestion": null}]}""")
    Insights tools(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        return insights.tools(caller, from, to);
    }
}
