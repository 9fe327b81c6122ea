package com.polaris.operator.lead;

import com.polaris.operator.Ids;
import com.polaris.operator.api.RecordTable;
import java.time.Clock;
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

    Leads(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "leads", Lead.class);
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
                now());
        return insertOnce(lead.workspaceId(), row);
    }
}
