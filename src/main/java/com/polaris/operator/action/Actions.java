package com.polaris.operator.action;

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
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actions table. Every status change is a conditional update on the expected current status,
 * so of two racing callers exactly one changes the action and the other sees it already moved.
 */
@Component
@RequiredArgsConstructor
class Actions {

    /** The workspace's failed actions and those needing review, counted up to the cap along their index (workspace, status, id). */
    static final String NEEDING_ATTENTION_COUNT = CappedCount.of(
            "select 1 from actions where workspace_id = ? and status in ('failed', 'needs_review') order by status, id");

    private static final String COLUMNS = """
            id, workspace_id, tool, status, arguments, conversation, reason, request_review, requested_by_type,
            requested_by_id, requested_by_name, decision, not_before, approval_id, result, error,
            attempts, created_at, updated_at, approved_digest, test, prepared_by_operator, batch_id, item_index""";

    private static final String INSERT = "insert into actions (" + COLUMNS + ", conversation_id) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = """
            update actions set status = ?, arguments = ?, decision = ?, not_before = ?, approval_id = ?,
                approved_digest = ?, result = ?, error = ?, attempts = ?, updated_at = ?
            where workspace_id = ? and id = ? and status = ?""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;
    private final WorkspaceRows<ActionRecord> rows =
            new WorkspaceRows<>("actions", COLUMNS, this::map, ActionRecord::id);

    /**
     * A write of an action's changeable fields (not what was proposed, apart from arguments a reviewer
     * or a retry edited, with the decision and approval worked out again for them), made only if the
     * action is still in {@code expected}.
     */
    record Change(ActionRecord action, ActionStatus expected) {}

    /** Inserts the actions in one round trip. */
    void insertAll(List<ActionRecord> records) {
        if (!records.isEmpty()) {
            batches.batchUpdate(INSERT, records.stream().map(this::insertParams).toList());
        }
    }

    private Object[] insertParams(ActionRecord a) {
        return new Object[] {
            a.id(),
            a.workspaceId(),
            a.tool(),
            a.status().wire(),
            write(a.arguments()),
            write(a.conversation()),
            a.reason(),
            a.requestReview(),
            a.requestedByType(),
            a.requestedById(),
            a.requestedByName(),
            write(a.decision()),
            ts(a.notBefore()),
            a.approvalId(),
            write(a.result()),
            write(a.error()),
            a.attempts(),
            ts(a.createdAt()),
            ts(a.updatedAt()),
            a.approvedDigest(),
            a.test(),
            a.preparedByOperator(),
            a.batchId(),
            a.itemIndex(),
            a.conversationId()
        };
    }

    Optional<ActionRecord> find(String workspaceId, String id) {
        return rows.find(jdbc, workspaceId, id);
    }

    /** The workspace's actions with these ids, by id. */
    Map<String, ActionRecord> findAll(String workspaceId, Collection<String> ids) {
        return rows.findAll(jdbc, workspaceId, ids);
    }

    /** Reads the action and holds its row lock until the transaction ends. */
    Optional<ActionRecord> lock(String workspaceId, String id) {
        return rows.lock(jdbc, workspaceId, id);
    }

    /**
     * Reads the actions and holds their row locks until the transaction ends, by id; locked in id
     * order, so two transactions locking overlapping sets cannot deadlock.
     */
    Map<String, ActionRecord> lockAll(Collection<String> ids) {
        var locked = new HashMap<String, ActionRecord>();
        jdbc.sql("select " + COLUMNS + " from actions where id in (:ids) order by id for update")
                .param("ids", ids)
                .query(this::map)
                .list()
                .forEach(action -> locked.put(action.id(), action));
        return locked;
    }

    /** Writes the action's changeable fields, only if it is still in {@code expected}; false when it moved on. */
    boolean update(ActionRecord a, ActionStatus expected) {
        return jdbc.sql(UPDATE).params(updateParams(new Change(a, expected))).update() == 1;
    }

    /** Makes the changes in one round trip; fails if any action had moved on. */
    void updateAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int[] counts = batches.batchUpdate(
                UPDATE, changes.stream().map(this::updateParams).toList());
        for (int count : counts) {
            if (count == 0) {
                throw new IllegalStateException("An action changed while it was written");
            }
        }
    }

    private Object[] updateParams(Change change) {
        ActionRecord a = change.action();
        return new Object[] {
            a.status().wire(),
            write(a.arguments()),
            write(a.decision()),
            ts(a.notBefore()),
            a.approvalId(),
            a.approvedDigest(),
            write(a.result()),
            write(a.error()),
            a.attempts(),
            ts(a.updatedAt()),
            a.workspaceId(),
            a.id(),
            change.expected().wire()
        };
    }

    Page<ActionRecord> list(String workspaceId, ActionFilter filter, PageRequest page) {
        return NewestFirst.from("actions", COLUMNS, workspaceId)
                .where(
                        "status",
                        filter.status() == null ? null : filter.status().wire())
                .where("tool", filter.tool())
                .where("conversation_id", filter.conversationId())
                .where("test", filter.test())
                .page(jdbc, page, this::map, ActionRecord::id);
    }

    /**
     * Locks the tool's actions that are waiting for approval or approved and not yet finished, in the
     * order {@link #lockAll} locks actions; answers how many are approved and not yet finished.
     */
    long lockUnfinished(String workspaceId, String tool) {
        return jdbc.sql("""
                        select status from actions
                        where workspace_id = ? and tool = ? and status in ('pending_approval', 'queued', 'scheduled', 'running')
                        order by id for update""").params(workspaceId, tool).query(String.class).list().stream()
                .filter(status -> !status.equals(ActionStatus.PENDING_APPROVAL.wire()))
                .count();
    }

    /** How many of a batch's actions are in each status. */
    Map<String, Long> countsOfBatch(String workspaceId, String batchId) {
        var counts = new java.util.TreeMap<String, Long>();
        jdbc.sql("select status, count(*) from actions where workspace_id = ? and batch_id = ? group by status")
                .params(workspaceId, batchId)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** The item indexes from {@code from} (inclusive) to {@code to} (exclusive) whose actions exist already. */
    java.util.Set<Integer> existingItems(String batchId, int from, int to) {
        return new java.util.HashSet<>(
                jdbc.sql("select item_index from actions where batch_id = ? and item_index >= ? and item_index < ?")
                        .params(batchId, from, to)
                        .query(Integer.class)
                        .list());
    }

    /** A page of a batch's actions, newest first. */
    Page<ActionRecord> listOfBatch(String workspaceId, String batchId, PageRequest page) {
        return NewestFirst.from("actions", COLUMNS, workspaceId)
                .where("batch_id", batchId)
                .page(jdbc, page, this::map, ActionRecord::id);
    }

    /** Locks a batch's actions that have not started ({@code statuses}), in id order, a chunk at a time. */
    List<ActionRecord> lockOfBatch(String workspaceId, String batchId, List<String> statuses, int limit) {
        return jdbc.sql("select " + COLUMNS + " from actions where workspace_id = :workspace and batch_id = :batch"
                        + " and status in (:statuses) order by id limit :limit for update")
                .param("workspace", workspaceId)
                .param("batch", batchId)
                .param("statuses", statuses)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    long countNeedingAttention(String workspaceId) {
        return jdbc.sql(NEEDING_ATTENTION_COUNT)
                .param(workspaceId)
                .query(Long.class)
                .single();
    }

    private ActionRecord map(ResultSet rs, int row) throws SQLException {
        return new ActionRecord(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("tool"),
                ActionStatus.parse(rs.getString("status")).orElseThrow(),
                read(rs.getString("arguments")),
                readNullable(rs.getString("conversation")),
                rs.getString("reason"),
                rs.getBoolean("request_review"),
                rs.getString("requested_by_type"),
                rs.getString("requested_by_id"),
                rs.getString("requested_by_name"),
                read(rs.getString("decision")),
                instant(rs.getTimestamp("not_before")),
                rs.getString("approval_id"),
                readNullable(rs.getString("result")),
                readNullable(rs.getString("error")),
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("approved_digest"),
                rs.getBoolean("test"),
                rs.getBoolean("prepared_by_operator"),
                rs.getString("batch_id"),
                (Integer) rs.getObject("item_index", Integer.class));
    }

    private JsonNode read(String text) {
        return json.readTree(text);
    }

    private @Nullable JsonNode readNullable(@Nullable String text) {
        return text == null ? null : json.readTree(text);
    }

    private @Nullable String write(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : json.writeValueAsString(node);
    }

    private static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
