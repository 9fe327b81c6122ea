package com.polaris.operator.audit;

import com.polaris.operator.identity.Actor;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the hash of an audit event covers: every stored field but the event's sequence number and
 * the hash itself, including the hash of the event before it in its subject.
 */
record HashedEvent(
        String workspaceId,
        Instant at,
        String type,
        Actor actor,
        String subject,
        int subjectSeq,
        @Nullable String actionId,
        String data,
        @Nullable String prevHash) {

    /**
     * The hash of the event over every field above, so editing any of them breaks the chain. Each
     * field is length-prefixed and a missing one is marked as such, so no edit can move text from one
     * field to its neighbour, or turn a missing value into the text "null", and keep the hash.
     */
    String hash() {
        var canonical = new StringBuilder("audit-event-v1");
        for (String field : new String[] {
            workspaceId,
            at.toString(),
            type,
            actor.type(),
            actor.id(),
            actor.name(),
            subject,
            Integer.toString(subjectSeq),
            actionId,
            data,
            prevHash
        }) {
            canonical.append('|');
            if (field == null) {
                canonical.append('-');
            } else {
                canonical.append(field.length()).append(':').append(field);
            }
        }
        return AuditLog.sha256(canonical.toString());
    }
}
