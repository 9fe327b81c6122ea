package com.polaris.operator.workspace;

import com.polaris.operator.identity.Caller;
import java.util.Map;
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
class BusinessHoursController {

    private final BusinessHoursSchedules schedules;

    BusinessHoursController(BusinessHoursSchedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping
    Map<String, Object> get(@AuthenticationPrincipal Caller caller) {
        return BusinessHoursDocument.write(schedules.of(caller.workspaceId()));
    }

    @PutMapping
    Map<String, Object> put(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
        caller.requireConfigurer();
        return BusinessHoursDocument.write(schedules.replace(caller, BusinessHoursDocument.weeklyHours(body)));
    }
}
