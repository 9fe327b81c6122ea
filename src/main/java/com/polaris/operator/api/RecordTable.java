package com.polaris.operator.api;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table of workspace records that internal tools write, one row per action at most (its
 * {@code action_id} is unique): writing a row for an action that already has one changes nothing and
 * answers the earlier row, so a re-run of the action finds what it did instead of doing it twice.
 * {@code columns} are the ones read back, in the order {@link #insertOnce} takes their values.
 */
public final class RecordTable<T> {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String table;
    private final String columns;
    private final RowMapper<T> mapper;
    private final Function<T, String> id;

    public RecordTable(
            JdbcClient jdbc, Clock clock, String table, String columns, RowMapper<T> mapper, Function<T, String> id) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.table = table;
        this.columns = columns;
        this.mapper = mapper;
        this.id = id;
    }

    /** Now, to the microsecond the databases keep, so a written row equals the row read back. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Inserts {@code row} (its {@code values} in the order of the columns; instants are written as
     * timestamps) for the action, or, when
     * the action already has a row, answers that one. Meant for the caller's transaction, which holds
     * the action, so two runs of one action cannot interleave.
     */
    public T insertOnce(String workspaceId, String actionId, T row, @Nullable Object... values) {
        var params = new ArrayList<@Nullable Object>();
        params.add(workspaceId);
        for (@Nullable Object value : values) {
            params.add(value instanceof Instant instant ? Timestamp.from(instant) : value);
        }
        String placeholders = String.join(", ", Collections.nCopies(params.size(), "?"));
        int inserted = jdbc.sql("insert into " + table + " (workspace_id, " + columns + ") values (" + placeholders
                        + ") on conflict do nothing")
                .params(params)
                .update();
        return inserted == 0 ? one("action_id", workspaceId, actionId).orElseThrow() : row;
    }

    public Optional<T> find(String workspaceId, String id) {
        return one("id", workspaceId, id);
    }

    /** A page of the rows that pass {@code filters}, newest first. */
    public Page<T> list(String workspaceId, UnaryOperator<NewestFirst> filters, PageRequest page) {
        return filters.apply(NewestFirst.from(table, columns, workspaceId)).page(jdbc, page, mapper, id);
    }

    /** A page of the rows, newest first, of one conversation when {@code conversationId} is not null. */
    public Page<T> list(String workspaceId, @Nullable String conversationId, PageRequest page) {
        return list(workspaceId, rows -> rows.where("conversation_id", conversationId), page);
    }

    private Optional<T> one(String key, String workspaceId, String value) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and " + key + " = ?")
                .params(workspaceId, value)
                .query(mapper)
                .optional();
    }
}
