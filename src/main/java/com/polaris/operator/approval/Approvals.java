package com.polaris.operator.approval;

import com.polaris.operator.Ids;
import com.polaris.operator.api.NewestFirst;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The approvals table and its decisions. A decision is a conditional update from pending: one wins. */
@Component
class Approvals {

    private final JdbcClient jdbc;

    Approvals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record ApprovalRow(
            String id,
            String workspaceId,
            String actionId,
            String status,
            String requestedById,
            Instant requestedAt,
            @Nullable Instant expiresAt,
            @Nullable Instant decidedAt,
            @Nullable String changes) {}

    record DecisionRow(
            String memberId,
            String memberName,
            String decision,
            @Nullable String comment,
            Instant at) {}

    void insert(
            String id,
            String workspaceId,
            String actionId,
            String requestedById,
            Instant requestedAt,
            Instant expiresAt,
            @Nullable String changes) {
        jdbc.sql("""
                        insert into approvals (id, workspace_id, action_id, status, requested_by_id, requested_at, expires_at,
                            changes)
                        values (?, ?, ?, 'pending', ?, ?, ?, ?)""")
                .params(
                        id,
                        workspaceId,
                        actionId,
                        requestedById,
                        Timestamp.from(requestedAt),
                        Timestamp.from(expiresAt),
                        changes)
                .update();
    }

    Optional<ApprovalRow> find(String workspaceId, String id) {
        return jdbc.sql("select " + COLUMNS + " from approvals where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(Approvals::map)
                .optional();
    }

    Page<ApprovalRow> list(String workspaceId, @Nullable String status, PageRequest page) {
        return NewestFirst.from("approvals", COLUMNS, workspaceId)
                .where("status", status)
                .page(jdbc, page, Approvals::map, ApprovalRow::id);
    }

    Map<String, String> statuses(String workspaceId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var statuses = new HashMap<String, String>();
        jdbc.sql("select id, status from approvals where workspace_id = :workspace and id in (:ids)")
                .param("workspace", workspaceId)
                .param("ids", List.copyOf(ids))
                .query(rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                });
        return statuses;
    }

    long countPending(String workspaceId) {
        return jdbc.sql("select count(*) from approvals where workspace_id = ? and status = 'pending'")
                .param(workspaceId)
                .query(Long.class)
                .single();
    }

    /** Moves a pending approval to {@code status}; false when it was no longer pending (someone else decided). */
    boolean decide(String workspaceId, String id, String status, Instant at) {
        return jdbc.sql("""
                        update approvals set status = ?, decided_at = ?
                        where workspace_id = ? and id = ? and status = 'pending'""").params(status, Timestamp.from(at), workspaceId, id).update() == 1;
    }

    void addDecision(
            String approvalId,
            String workspaceId,
            String memberId,
            String memberName,
            String decision,
            @Nullable String comment,
            @Nullable String argumentsDiff,
            Instant at) {
        jdbc.sql("""
                        insert into approval_decisions (id, approval_id, workspace_id, member_id, member_name, decision,
                            comment, arguments_diff, decided_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        Ids.next("dec"),
                        approvalId,
                        workspaceId,
                        memberId,
                        memberName,
                        decision,
                        comment,
                        argumentsDiff,
                        Timestamp.from(at))
                .update();
    }

    List<DecisionRow> decisions(String approvalId) {
        return jdbc.sql("""
                        select member_id, member_name, decision, comment, decided_at from approval_decisions
                        where approval_id = ? order by decided_at, id""")
                .param(approvalId)
                .query((rs, n) -> new DecisionRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    private static final String COLUMNS =
            "id, workspace_id, action_id, status, requested_by_id, requested_at, expires_at, decided_at, changes";

    private static ApprovalRow map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp expires = rs.getTimestamp(7);
        Timestamp decided = rs.getTimestamp(8);
        return new ApprovalRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                expires == null ? null : expires.toInstant(),
                decided == null ? null : decided.toInstant(),
                rs.getString(9));
    }
}
