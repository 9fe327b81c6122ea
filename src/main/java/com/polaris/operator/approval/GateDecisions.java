package com.polaris.operator.approval;

import com.polaris.operator.Ids;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The decisions taken on approvals ({@code approval_decisions}): who decided which version, how and when. */
@Component
@RequiredArgsConstructor
class GateDecisions {

    private final JdbcClient jdbc;

    record DecisionRow(
            String memberId,
            String memberName,
            String decision,
            @Nullable String comment,
            Instant at,
            int version) {}

    void add(
            String approvalId,
            String workspaceId,
            String memberId,
            String memberName,
            String decision,
            @Nullable String comment,
            @Nullable String argumentsDiff,
            @Nullable String contentDigest,
            int version,
            Instant at) {
        jdbc.sql("""
                        insert into approval_decisions (id, approval_id, workspace_id, member_id, member_name, decision,
                            comment, arguments_diff, content_digest, version, decided_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        Ids.next("dec"),
                        approvalId,
                        workspaceId,
                        memberId,
                        memberName,
                        decision,
                        comment,
                        argumentsDiff,
                        contentDigest,
                        version,
                        Timestamp.from(at))
                .update();
    }

    /** The decisions of each of these approvals, by approval id, in the order they were made. */
    Map<String, List<DecisionRow>> of(String workspaceId, Collection<String> approvalIds) {
        var decisions = new HashMap<String, List<DecisionRow>>();
        if (approvalIds.isEmpty()) {
            return decisions;
        }
        jdbc.sql("""
                        select approval_id, member_id, member_name, decision, comment, decided_at, version
                        from approval_decisions
                        where workspace_id = :workspace and approval_id in (:ids) order by decided_at, id""")
                .param("workspace", workspaceId)
                .param("ids", List.copyOf(approvalIds))
                .query(rs -> {
                    decisions
                            .computeIfAbsent(rs.getString(1), id -> new java.util.ArrayList<>())
                            .add(new DecisionRow(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getTimestamp(6).toInstant(),
                                    rs.getInt(7)));
                });
        return decisions;
    }

    List<DecisionRow> of(String approvalId) {
        return jdbc.sql("""
                        select member_id, member_name, decision, comment, decided_at, version from approval_decisions
                        where approval_id = ? order by decided_at, id""")
                .param(approvalId)
                .query((rs, n) -> new DecisionRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getInt(6)))
                .list();
    }
}
