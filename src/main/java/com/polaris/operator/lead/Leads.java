package com.polaris.operator.lead;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import java.sql.Timestamp;
import java.time.Clock;
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

    private final JdbcClient jdbc;

    Leads(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "leads", Lead.class);
        this.jdbc = jdbc;
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
        var earlier = jdbc.sql("select to_status from lead_status_changes where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query((rs, n) -> parse(rs.getString(1)))
                .optional();
        if (earlier.isPresent()) {
            return earlier;
        }
        var current = lockedStatus(workspaceId, leadId).map(Leads::parse);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("""
                        insert into lead_status_changes (action_id, workspace_id, lead_id, from_status, to_status, note,
                            changed_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(actionId, workspaceId, leadId, current.get().wire(), status.wire(), note, Timestamp.from(now()))
                .update();
        jdbc.sql("update leads set status = ? where workspace_id = ? and id = ?")
                .params(status.wire(), workspaceId, leadId)
                .update();
        return Optional.of(status);
    }

    /** The status changes of a lead, oldest first. */
    public List<LeadStatusChange> history(String workspaceId, String leadId) {
        return jdbc.sql("""
                        select action_id, from_status, to_status, note, changed_at from lead_status_changes
                        where workspace_id = ? and lead_id = ? order by changed_at, action_id""")
                .params(workspaceId, leadId)
                .query((rs, n) -> new LeadStatusChange(
                        rs.getString(1),
                        parse(rs.getString(2)),
                        parse(rs.getString(3)),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    private static LeadStatus parse(String wire) {
        return LeadStatus.parse(wire).orElseThrow(() -> new IllegalStateException("Unknown lead status " + wire));
    }
}
