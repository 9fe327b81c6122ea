package com.polaris.operator.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status changes of a {@link RecordTable}'s records, one row per change keyed by the action that
 * made it (unique), so an action that runs again finds the change it made instead of making another.
 *
 * <p>The table's columns are {@code action_id}, {@code workspace_id}, the record's id column,
 * {@code from_status}, {@code to_status}, {@code changed_at} and, when the changes keep one, a
 * {@code note}.
 */
public final class StatusHistory<S extends WireName> {

    private final JdbcClient jdbc;
    private final String table;
    private final String recordId;
    private final boolean noted;
    private final String columns;
    private final Function<String, S> parse;

    /**
     * The history kept in {@code table}, whose changes name their record in the column
     * {@code recordId} and keep a note when {@code noted}; {@code parse} reads a status from its wire name.
     */
    public StatusHistory(JdbcClient jdbc, String table, String recordId, boolean noted, Function<String, S> parse) {
        this.jdbc = jdbc;
        this.table = table;
        this.recordId = recordId;
        this.noted = noted;
        this.columns = "action_id, " + recordId + ", from_status, to_status, changed_at" + (noted ? ", note" : "");
        this.parse = parse;
    }

    /** One change of a record's status, made by one action, with its note if the history keeps notes. */
    public record Change<S>(
            String actionId,
            String recordId,
            S from,
            S to,
            @Nullable String note,
            Instant changedAt) {}

    /** The change the action already made, if any. */
    public Optional<Change<S>> madeBy(String workspaceId, String actionId) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and action_id = ?")
                .params(workspaceId, actionId)
                .query((rs, n) -> read(rs))
                .optional();
    }

    /** Keeps {@code change} (its note only when the history keeps notes). */
    public void add(String workspaceId, Change<S> change) {
        var params = new ArrayList<@Nullable Object>(List.of(
                change.actionId(),
                change.recordId(),
                change.from().wire(),
                change.to().wire(),
                Timestamp.from(change.changedAt())));
        if (noted) {
            params.add(change.note());
        }
        params.add(workspaceId);
        String placeholders = String.join(", ", Collections.nCopies(params.size(), "?"));
        jdbc.sql("insert into " + table + " (" + columns + ", workspace_id) values (" + placeholders + ")")
                .params(params)
                .update();
    }

    /** The status changes of the workspace's record {@code id}, oldest first. */
    public List<Change<S>> of(String workspaceId, String id) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and " + recordId
                        + " = ? order by changed_at, action_id")
                .params(workspaceId, id)
                .query((rs, n) -> read(rs))
                .list();
    }

    private Change<S> read(ResultSet rs) throws SQLException {
        return new Change<>(
                rs.getString("action_id"),
                rs.getString(recordId),
                parse.apply(rs.getString("from_status")),
                parse.apply(rs.getString("to_status")),
                noted ? rs.getString("note") : null,
                rs.getTimestamp("changed_at").toInstant());
    }
}
