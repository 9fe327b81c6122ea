package com.polaris.operator.approval;

import com.polaris.operator.api.CappedCount;
import com.polaris.operator.api.NewestFirst;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.WorkspaceRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The approvals table and {@code approval_reviewers}, one row per member who may still decide a
 * pending approval, so what a member may decide is one index range ({@link GateDecisions} keeps
 * the decisions). A decision
 * takes the approval's row lock first ({@link #lock}), so concurrent decisions of one approval
 * queue and are counted one by one.
 */
@Component
@RequiredArgsConstructor
class Approvals {

    private final JdbcClient jdbc;

    record ApprovalRow(
            String id,
            String workspaceId,
            String actionId,
            String status,
            String requestedById,
            Instant requestedAt,
            @Nullable Instant expiresAt,
            @Nullable Instant decidedAt,
            @Nullable String changes,
            @Nullable String tool,
            int required,
            int version,
            String reviewerRoles,
            String reviewerMembers,
            @Nullable String reviewers,
            @Nullable String summary,
            @Nullable Instant remindedAt,
            @Nullable Instant escalatedAt,
            boolean blocked,
            GateSubject subject) {}

    /** Who may decide an approval, as stored with it: roles and member ids as comma lists, the reviewers' JSON. */
    record Deciders(String roles, String memberIds, String reviewersJson, int required) {}

    void insert(
            String id,
            String workspaceId,
            String actionId,
            String tool,
            String requestedById,
            Instant requestedAt,
            Instant expiresAt,
            @Nullable String changes,
            Deciders deciders,
            String summary,
            GateSubject subject) {
        boolean batch = subject == GateSubject.BATCH;
        jdbc.sql("""
                        insert into approvals (id, workspace_id, action_id, batch_id, tool, status, requested_by_id,
                            requested_at, expires_at, changes, required, version, reviewer_roles, reviewer_members,
                            reviewers, summary)
                        values (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)""")
                .params(
                        id,
                        workspaceId,
                        batch ? null : actionId,
                        batch ? actionId : null,
                        tool,
                        requestedById,
                        Timestamp.from(requestedAt),
                        Timestamp.from(expiresAt),
                        changes,
                        deciders.required(),
                        deciders.roles(),
                        deciders.memberIds(),
                        deciders.reviewersJson(),
                        summary)
                .update();
    }

    Optional<ApprovalRow> find(String workspaceId, String id) {
        return ROWS.find(jdbc, workspaceId, id);
    }

    /** Reads the approval and holds its row lock until the transaction ends. */
    Optional<ApprovalRow> lock(String workspaceId, String id) {
        return ROWS.lock(jdbc, workspaceId, id);
    }

    Page<ApprovalRow> list(String workspaceId, @Nullable String status, PageRequest page) {
        return list(workspaceId, status, ApprovalOrder.NEWEST, page);
    }

    /** The approvals in {@code status} (any when null) in {@code order}, after the cursor's id. */
    Page<ApprovalRow> list(String workspaceId, @Nullable String status, ApprovalOrder order, PageRequest page) {
        if (order == ApprovalOrder.NEWEST) {
            return NewestFirst.from("approvals", COLUMNS, workspaceId)
                    .where("status", status)
                    .page(jdbc, page, Approvals::map, ApprovalRow::id);
        }
        var sql = new StringBuilder("select " + COLUMNS + " from approvals where workspace_id = ?");
        var params = new java.util.ArrayList<Object>(List.of(workspaceId));
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (page.after() != null) {
            sql.append(" and id > ?");
            params.add(page.after());
        }
        sql.append(" order by id asc limit ?");
        params.add(page.rows());
        return page.page(
                jdbc.sql(sql.toString()).params(params).query(Approvals::map).list(), ApprovalRow::id);
    }

    /** The pending approvals {@code memberId} may still decide, newest first: one range of the member's index. */
    Page<ApprovalRow> decidableBy(String workspaceId, String memberId, PageRequest page) {
        return decidableBy(workspaceId, memberId, ApprovalOrder.NEWEST, page);
    }

    /** {@link #decidableBy(String, String, PageRequest)} in {@code order}: the same index range, read either way. */
    Page<ApprovalRow> decidableBy(String workspaceId, String memberId, ApprovalOrder order, PageRequest page) {
        boolean newest = order == ApprovalOrder.NEWEST;
        String after = page.after() == null ? "" : newest ? " and r.approval_id < ?" : " and r.approval_id > ?";
        var params = new java.util.ArrayList<Object>(List.of(workspaceId, memberId));
        if (page.after() != null) {
            params.add(page.after());
        }
        params.add(page.rows());
        List<ApprovalRow> rows = jdbc.sql("select " + JOINED_COLUMNS + """
                         from approval_reviewers r join approvals a on a.id = r.approval_id
                        where r.workspace_id = ? and r.member_id = ?""" + after
                        + " order by r.approval_id " + (newest ? "desc" : "asc") + " limit ?")
                .params(params)
                .query(Approvals::map)
                .list();
        return page.page(rows, ApprovalRow::id);
    }

    /** Of these approvals, the ones {@code memberId} may still decide. */
    Set<String> decidable(String workspaceId, String memberId, Collection<String> approvalIds) {
        if (approvalIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                        select approval_id from approval_reviewers
                        where workspace_id = :workspace and member_id = :member and approval_id in (:ids)""")
                .param("workspace", workspaceId)
                .param("member", memberId)
                .param("ids", List.copyOf(approvalIds))
                .query(String.class)
                .list());
    }

    long countDecidable(String workspaceId, String memberId) {
        return jdbc.sql(DECIDABLE_COUNT)
                .params(workspaceId, memberId)
                .query(Long.class)
                .single();
    }

    /** Makes exactly {@code memberIds} the members who may still decide the approval. */
    void replaceReviewers(String workspaceId, String approvalId, Collection<String> memberIds) {
        jdbc.sql("delete from approval_reviewers where approval_id = ?")
                .param(approvalId)
                .update();
        for (String memberId : memberIds) {
            jdbc.sql("insert into approval_reviewers (approval_id, workspace_id, member_id) values (?, ?, ?)")
                    .params(approvalId, workspaceId, memberId)
                    .update();
        }
    }

    void removeReviewer(String approvalId, String memberId) {
        jdbc.sql("delete from approval_reviewers where approval_id = ? and member_id = ?")
                .params(approvalId, memberId)
                .update();
    }

    /** A member's role changed, or they joined or left ({@code role} null): which pending approvals they may decide follows. */
    void refreshMember(String workspaceId, String memberId, @Nullable String role) {
        jdbc.sql("delete from approval_reviewers where workspace_id = ? and member_id = ?")
                .params(workspaceId, memberId)
                .update();
        if (role == null) {
            return;
        }
        jdbc.sql("""
                        insert into approval_reviewers (approval_id, workspace_id, member_id)
                        select a.id, a.workspace_id, ? from approvals a
                        where a.workspace_id = ? and a.status = 'pending' and a.requested_by_id <> ?
                          and (position(? in ',' || a.reviewer_roles || ',') > 0
                               or position(? in ',' || a.reviewer_members || ',') > 0)
                          and not exists (select 1 from approval_decisions d
                                          where d.approval_id = a.id and d.member_id = ? and d.version = a.version)""")
                .params(memberId, workspaceId, memberId, "," + role + ",", "," + memberId + ",", memberId)
                .update();
    }

    /** Who may decide the approval and how many must approve, after an edit, an escalation or a policy change. */
    void updateDeciders(String approvalId, Deciders deciders, int version, @Nullable String summary) {
        jdbc.sql("""
                        update approvals set reviewer_roles = ?, reviewer_members = ?, reviewers = ?, required = ?,
                            version = ?, summary = coalesce(?, summary)
                        where id = ?""")
                .params(
                        deciders.roles(),
                        deciders.memberIds(),
                        deciders.reviewersJson(),
                        deciders.required(),
                        version,
                        summary,
                        approvalId)
                .update();
    }

    /** A page of the pending approvals of {@code tool} after {@code afterId} (oldest first): id and subject. */
    List<String[]> pendingOf(String workspaceId, String tool, @Nullable String afterId, int limit) {
        return jdbc.sql("""
                        select id, action_id from approvals
                        where workspace_id = ? and status = 'pending' and tool = ? and id > ? and action_id is not null
                        order by id limit ?""")
                .params(workspaceId, tool, afterId == null ? "" : afterId, limit)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    /** The moments an approval keeps besides its request and decision. */
    enum Moment {
        EXPIRES_AT,
        REMINDED_AT,
        ESCALATED_AT
    }

    void mark(String approvalId, Moment moment, Instant at) {
        jdbc.sql("update approvals set " + moment.name().toLowerCase(java.util.Locale.ROOT) + " = ? where id = ?")
                .params(Timestamp.from(at), approvalId)
                .update();
    }

    void markBlocked(String approvalId, boolean blocked) {
        jdbc.sql("update approvals set blocked = ? where id = ?")
                .params(blocked, approvalId)
                .update();
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
        return jdbc.sql(PENDING_COUNT).param(workspaceId).query(Long.class).single();
    }

    /**
     * Moves a pending approval to {@code status}; false when it was no longer pending (someone else
     * decided). Nobody may decide it any more.
     */
    boolean decide(String workspaceId, String id, String status, Instant at) {
        boolean moved = jdbc.sql("""
                        update approvals set status = ?, decided_at = ?
                        where workspace_id = ? and id = ? and status = 'pending'""")
                        .params(status, Timestamp.from(at), workspaceId, id)
                        .update()
                == 1;
        if (moved) {
            replaceReviewers(workspaceId, id, List.of());
        }
        return moved;
    }

    /**
     * The workspace's pending approvals, counted up to the cap along their own index (approvals_pending),
     * the only one in the order of {@code requested_at}: ordered by id, the database may walk the primary
     * key through every decided approval first.
     */
    static final String PENDING_COUNT = CappedCount.of(
            "select 1 from approvals where workspace_id = ? and status = 'pending' order by requested_at");

    /** The approvals a member may still decide, counted up to the cap (their index: workspace, member, approval). */
    static final String DECIDABLE_COUNT =
            CappedCount.of("select 1 from approval_reviewers where workspace_id = ? and member_id = ?");

    private static final String COLUMNS = "id, workspace_id, action_id, status, requested_by_id, requested_at,"
            + " expires_at, decided_at, changes, tool, required, version, reviewer_roles, reviewer_members, reviewers,"
            + " summary, reminded_at, escalated_at, blocked, batch_id";
    /** {@link #COLUMNS} of the approvals table joined as {@code a}. */
    private static final String JOINED_COLUMNS = COLUMNS.replaceAll("(^|, )", "$1a.");

    private static final WorkspaceRows<ApprovalRow> ROWS =
            new WorkspaceRows<>("approvals", COLUMNS, Approvals::map, ApprovalRow::id);

    private static ApprovalRow map(ResultSet rs, int n) throws SQLException {
        String batchId = rs.getString(20);
        return new ApprovalRow(
                rs.getString(1),
                rs.getString(2),
                batchId == null ? rs.getString(3) : batchId,
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                rs.getString(10),
                rs.getInt(11),
                rs.getInt(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                instant(rs.getTimestamp(17)),
                instant(rs.getTimestamp(18)),
                rs.getBoolean(19),
                batchId == null ? GateSubject.ACTION : GateSubject.BATCH);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
