package com.polaris.operator.lead;

import com.polaris.operator.Ids;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.RecordTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
public class Leads {

    private final RecordTable<Lead> table;

    Leads(JdbcClient jdbc, Clock clock) {
        this.table = new RecordTable<>(
                jdbc,
                clock,
                "leads",
                "id, name, email, phone, company, notes, action_id, conversation_id, created_at",
                Leads::map,
                Lead::id);
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
                lead.actionId(),
                lead.conversationId(),
                table.now());
        return table.insertOnce(
                lead.workspaceId(),
                lead.actionId(),
                row,
                row.id(),
                row.name(),
                row.email(),
                row.phone(),
                row.company(),
                row.notes(),
                row.actionId(),
                row.conversationId(),
                row.createdAt());
    }

    public Optional<Lead> find(String workspaceId, String id) {
        return table.find(workspaceId, id);
    }

    /** A page of the workspace's leads, newest first, of one conversation when {@code conversationId} is not null. */
    public Page<Lead> list(String workspaceId, @Nullable String conversationId, PageRequest page) {
        return table.list(workspaceId, conversationId, page);
    }

    private static Lead map(ResultSet rs, int row) throws SQLException {
        return new Lead(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("company"),
                rs.getString("notes"),
                rs.getString("action_id"),
                rs.getString("conversation_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
