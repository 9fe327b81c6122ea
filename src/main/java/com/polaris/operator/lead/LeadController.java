package com.polaris.operator.lead;

import com.polaris.operator.api.RecordEndpoints;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reading leads: every member and integration key of the workspace may. */
@RestController
@RequestMapping("/api/v1/leads")
class LeadController extends RecordEndpoints<Lead> {

    LeadController(Leads leads) {
        super("Lead", leads);
    }
}
