package com.polaris.operator.lead;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import com.polaris.operator.api.StatusHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The leads of each workspace. A lead is keyed by the action that recorded it (unique), so running
 * that action again finds the lead instead of recording the person twice.
 */
@Repository
public class Leads extends RecordTable<Lead> {

    private final StatusHistory<LeadStatus> history;

    Leads(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "leads", Lead.class);
        this.history = new StatusHistory<>(jdbc, "lead_status_changes", "lead_id", true, Leads::parse);
    }

    /**
     * Records the lead of an action, or returns the one that action already recorded. Runs in the
     * caller's transaction, which holds the action, so two runs of one action cannot interleave.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Lead record(NewLead lead) {
        var row = new Lead(
                Ids.next("lead"),
                lead.name(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.notes(),
                LeadStatus.NEW,
                lead.actionId(),
                lead.conversationId(),
                now());
        return insertOnce(lead.workspaceId(), row);
    }

    /**
     * Moves a lead to {@code status}, keeping the change and its note; the lead's new status, or empty
     * when the workspace has no such lead. Keyed by the action: when the action already changed this
     * lead, its earlier outcome is returned and nothing is written.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<LeadStatus> changeStatus(
            String workspaceId, String actionId, String leadId, LeadStatus status, @Nullable String note) {
        var earlier = history.madeBy(workspaceId, actionId);
        if (earlier.isPresent()) {
            return Optional.of(earlier.get().to());
        }
        var current = lockedStatus(workspaceId, leadId).map(Leads::parse);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        history.add(workspaceId, new StatusHistory.Change<>(actionId, leadId, current.get(), status, note, now));
        setStatus(workspaceId, leadId, status, now);
        return Optional.of(status);
    }

    /** The status changes of a lead, oldest first. */
    public List<LeadStatusChange> history(String workspaceId, String leadId) {
        return history.of(workspaceId, leadId).stream()
                .map(change -> new LeadStatusChange(
                        change.actionId(), change.from(), change.to(), change.note(), change.changedAt()))
                .toList();
    }

    private static LeadStatus parse(String wire) {
        return LeadStatus.parse(wire).orElseThrow(() -> new IllegalStateException("Unknown lead status " + wire));
    }
}
