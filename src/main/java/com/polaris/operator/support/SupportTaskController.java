package com.polaris.operator.support;

import com.polaris.operator.api.RecordEndpoints;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reading support tasks: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/support-tasks")
class SupportTaskController extends RecordEndpoints<SupportTask> {

    SupportTaskController(SupportTasks tasks) {
        super("Support task", tasks);
    }
}
