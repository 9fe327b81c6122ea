package com.polaris.operator.action;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The audit events of one action, oldest first, for its detail answer. */
@Component
class ActionTimeline {

    List<Map<String, Object>> of(String workspaceId, String actionId) {
        return List.of();
    }
}
