package com.polaris.operator.audit;

import com.polaris.operator.identity.Actor;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One recorded event as people read it: in an action's timeline and in the audit list. {@code hash}
 * is the event's link in its subject's chain, shown so an exported copy can be checked later.
 */
public record AuditEvent(
        long seq,
        Instant at,
        String type,
        Actor actor,
        String subject,
        @Nullable String actionId,
        JsonNode data,
        String hash) {}
