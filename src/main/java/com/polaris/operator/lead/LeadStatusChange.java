package com.polaris.operator.lead;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One change of a lead's status, made by one action, with the note it gave. A repeated status is kept too. */
public record LeadStatusChange(
        String actionId,
        LeadStatus from,
        LeadStatus to,
        @Nullable String note,
        Instant changedAt) {}
