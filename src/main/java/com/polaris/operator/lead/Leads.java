package com.polaris.operator.lead;

import com.polaris.operator.Ids;
import com.polaris.operator.api.NewestFirst;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
public class Leads {

    private static final String COLUMNS =
            "id, name, email, phone, company, notes, action_id, conversation_id, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    Leads(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records the lead of an action, or returns the one that action already recorded. Runs in the
     * caller's transaction, which holds the action, so two runs of one action cannot interleave.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Lead record(NewLead lead) {
        String id = Ids.next("lead");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inserted = jdbc.sql("""
                        insert into leads (id, workspace_id, name, email, phone, company, notes, action_id,
                            conversation_id, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        id,
                        lead.workspaceId(),
                        lead.name(),
                        lead.email(),
                        lead.phone(),
                        lead.company(),
                        lead.notes(),
                        lead.actionId(),
                        lead.conversationId(),
                        Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return byAction(lead.workspaceId(), lead.actionId()).orElseThrow();
        }
        return new Lead(
                id,
                lead.name(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.notes(),
                lead.actionId(),
                lead.conversationId(),
                now);
    }

    public Optional<Lead> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + " from leads where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(Leads::map)
                .optional();
    }

    public Optional<Lead> byAction(String workspaceId, String actionId) {
        return jdbc.sql("select " + COLUMNS + " from leads where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query(Leads::map)
                .optional();
    }

    /** Newest first, after the lead {@code after} (exclusive), at most {@code limit} rows. */
    public List<Lead> list(String workspaceId, @Nullable String conversationId, @Nullable String after, int limit) {
        return NewestFirst.from("leads", COLUMNS, workspaceId)
                .where("conversation_id", conversationId)
                .list(jdbc, after, limit, Leads::map);
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
