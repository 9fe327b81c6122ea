package com.polaris.operator.batch;

import com.polaris.operator.action.BatchActions;
import com.polaris.operator.api.NewestFirst;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.WorkspaceRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch tables: {@code action_batches} (one row per batch, the row every change of the batch
 * locks), {@code batch_items} (the items as submitted, read a chunk at a time) and the batches'
 * idempotency keys.
 */
@Component
@RequiredArgsConstructor
class Batches {

    private static final String COLUMNS = """
            id, workspace_id, tool, status, item_count, fanned_out, reason, requested_by_type, requested_by_id,
            requested_by_name, approval_id, created_at, updated_at, ended_at""";
    private static final WorkspaceRows<BatchRow> ROWS =
            new WorkspaceRows<>("action_batches", COLUMNS, Batches::map, BatchRow::id);
    private static final int INSERT_CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    /** A batch as stored. {@code fannedOut} items (from index 0) have their actions. */
    record BatchRow(
            String id,
            String workspaceId,
            String tool,
            BatchStatus status,
            int count,
            int fannedOut,
            @Nullable String reason,
            String requestedByType,
            String requestedById,
            String requestedByName,
            @Nullable String approvalId,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant endedAt) {

        BatchActions.Batch forFanOut() {
            return new BatchActions.Batch(
                    workspaceId, id, tool, approvalId, reason, requestedByType, requestedById, requestedByName);
        }
    }

    void insert(BatchRow row) {
        jdbc.sql("insert into action_batches (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        row.id(),
                        row.workspaceId(),
                        row.tool(),
                        row.status().wire(),
                        row.count(),
                        row.fannedOut(),
                        row.reason(),
                        row.requestedByType(),
                        row.requestedById(),
                        row.requestedByName(),
                        row.approvalId(),
                        Timestamp.from(row.createdAt()),
                        Timestamp.from(row.updatedAt()),
                        row.endedAt() == null ? null : Timestamp.from(row.endedAt()))
                .update();
    }

    /** Inserts the items in batched statements of {@value #INSERT_CHUNK} rows. */
    void insertItems(String workspaceId, String batchId, List<BatchActions.Item> items) {
        for (int from = 0; from < items.size(); from += INSERT_CHUNK) {
            var rows = new ArrayList<Object[]>(INSERT_CHUNK);
            for (BatchActions.Item item : items.subList(from, Math.min(items.size(), from + INSERT_CHUNK))) {
                rows.add(new Object[] {
                    batchId,
                    item.index(),
                    workspaceId,
                    json.writeValueAsString(item.arguments()),
                    item.conversation() == null ? null : json.writeValueAsString(item.conversation())
                });
            }
            batches.batchUpdate(
                    "insert into batch_items (batch_id, item_index, workspace_id, arguments, conversation)"
                            + " values (?, ?, ?, ?, ?)",
                    rows);
        }
    }

    Optional<BatchRow> find(String workspaceId, String id) {
        return ROWS.find(jdbc, workspaceId, id);
    }

    /** Reads the batch and holds its row lock until the transaction ends. */
    Optional<BatchRow> lock(String workspaceId, String id) {
        return ROWS.lock(jdbc, workspaceId, id);
    }

    Map<String, BatchRow> findAll(String workspaceId, Collection<String> ids) {
        return ROWS.findAll(jdbc, workspaceId, ids);
    }

    Page<BatchRow> list(String workspaceId, @Nullable BatchStatus status, PageRequest page) {
        return NewestFirst.from("action_batches", COLUMNS, workspaceId)
                .where("status", status == null ? null : status.wire())
                .page(jdbc, page, Batches::map, BatchRow::id);
    }

    /** Moves the batch to {@code status} (ending it when {@code ended}), only from {@code from}; false when it moved on. */
    boolean move(String id, BatchStatus from, BatchStatus status, Instant now, boolean ended) {
        return jdbc.sql("""
                        update action_batches set status = ?, updated_at = ?, ended_at = case when ? then ? else ended_at end
                        where id = ? and status = ?""")
                        .params(status.wire(), Timestamp.from(now), ended, Timestamp.from(now), id, from.wire())
                        .update()
                == 1;
    }

    void fannedOut(String id, int fannedOut, Instant now) {
        jdbc.sql("update action_batches set fanned_out = ?, updated_at = ? where id = ?")
                .params(fannedOut, Timestamp.from(now), id)
                .update();
    }

    /** The items from {@code from} (inclusive), at most {@code limit}, in order. */
    List<BatchActions.Item> items(String batchId, int from, int limit) {
        return jdbc.sql("""
                        select item_index, arguments, conversation from batch_items
                        where batch_id = ? and item_index >= ? order by item_index limit ?""")
                .params(batchId, from, limit)
                .query((rs, n) -> new BatchActions.Item(
                        rs.getInt(1),
                        json.readTree(rs.getString(2)),
                        rs.getString(3) == null ? null : json.readTree(rs.getString(3))))
                .list();
    }

    /** Streams every item of the batch in order, one row at a time, to {@code each}. */
    void eachItem(String batchId, Consumer<BatchActions.Item> each) {
        jdbc.sql("select item_index, arguments, conversation from batch_items where batch_id = ? order by item_index")
                .param(batchId)
                .query(rs -> {
                    each.accept(new BatchActions.Item(
                            rs.getInt(1),
                            json.readTree(rs.getString(2)),
                            rs.getString(3) == null ? null : json.readTree(rs.getString(3))));
                });
    }

    /** The batch a key was used for, with the hash of the request that used it. */
    record KeyUse(String requestHash, String batchId) {}

    Optional<KeyUse> keyUse(String workspaceId, String key) {
        return jdbc.sql(
                        "select request_hash, batch_id from batch_idempotency_keys where workspace_id = ? and idem_key = ?")
                .params(workspaceId, key)
                .query((rs, n) -> new KeyUse(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /** Records the key in the batch's transaction; a key another request recorded first throws {@link DuplicateKeyException}. */
    void useKey(String workspaceId, String key, String requestHash, String batchId, Instant now) {
        jdbc.sql("""
                        insert into batch_idempotency_keys (workspace_id, idem_key, request_hash, batch_id, created_at)
                        values (?, ?, ?, ?, ?)""")
                .params(workspaceId, key, requestHash, batchId, Timestamp.from(now))
                .update();
    }

    private static BatchRow map(ResultSet rs, int n) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new BatchRow(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("tool"),
                BatchStatus.parse(rs.getString("status")),
                rs.getInt("item_count"),
                rs.getInt("fanned_out"),
                rs.getString("reason"),
                rs.getString("requested_by_type"),
                rs.getString("requested_by_id"),
                rs.getString("requested_by_name"),
                rs.getString("approval_id"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                ended == null ? null : ended.toInstant());
    }
}
