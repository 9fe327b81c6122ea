package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The workspace's business hours: anyone of the workspace (members and integration keys) reads
 * them, since agents may want to tell a customer when the team is in; owners and admins replace them.
 */
@RestController
@RequestMapping("/api/v1/business-hours")
@Tag(name = "Settings")
@RequiredArgsConstructor
class BusinessHoursController {

    private final BusinessHoursSchedules schedules;

    @GetMapping
    @Operation(summary = "The business hours", description = """
                    The workspace's time zone, weekly opening intervals and holidays; by default Monday to \
                    Friday 09:00-18:00 UTC. Members and integration keys may read them.""")
    @ApiExamples(response = """
            {"timezone": "Europe/Madrid",
             "weekly": {"mon": [["09:00", "14:00"], ["15:00", "18:00"]], "tue": [["09:00", "18:00"]],
                        "wed": [["09:00", "18:00"]], "thu": [["09:00", "18:00"]], "fri": [["09:00", "15:00"]],
                        "sat": [], "sun": []},
             "holidays": ["2026-12-25"]}""")
    Map<String, Object> get(@AuthenticationPrincipal Caller caller) {
        return BusinessHoursDocument.write(schedules.of(caller.workspaceId()));
    }

    @PutMapping
    @Operation(summary = "Replace the business hours (owners, admins)", description = """
                    Answers the saved schedule. Tools whose policy has businessHours run only inside these \
                    hours; a request outside them waits as scheduled. An unknown time zone, an interval whose \
                    end is not after its start, or a malformed date is 422.""")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(request = """
                    {"timezone": "Europe/Madrid",
             "weekly": {"mon": [["09:00", "14:00"], ["15:00", "18:00"]], "tue": [["09:00", "18:00"]],
                        "wed": [["09:00", "18:00"]], "thu": [["09:00", "18:00"]], "fri": [["09:00", "15:00"]],
                        "sat": [], "sun": []},
             "holidays": ["2026-12-25"]}""", response = """
                    {"timezone": "Europe/Madrid",
             "weekly": {"mon": [["09:00", "14:00"], ["15:00", "18:00"]], "tue": [["09:00", "18:00"]],
                        "wed": [["09:00", "18:00"]], "thu": [["09:00", "18:00"]], "fri": [["09:00", "15:00"]],
                        "sat": [], "sun": []},
             "holidays": ["2026-12-25"]}""")
    Map<String, Object> put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        caller.requireConfigurer();
        return BusinessHoursDocument.write(schedules.replace(caller, BusinessHoursDocument.weeklyHours(body)));
    }
}
