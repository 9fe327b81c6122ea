package com.polaris.operator.api;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table's rows read by id, always within one workspace, so that an id from another workspace
 * reads as nothing (and answers 404) rather than as someone else's row. {@code id} tells a read
 * row's id, by which {@link #findAll} answers.
 */
public record WorkspaceRows<R>(String table, String columns, RowMapper<R> mapper, Function<R, String> id) {

    /** The workspace's rows, newest first, a page at a time ({@link NewestFirst} for a filtered list). */
    public Page<R> page(JdbcClient jdbc, String workspaceId, PageRequest page) {
        return NewestFirst.from(table, columns, workspaceId).page(jdbc, page, mapper, id);
    }

    public Optional<R> find(JdbcClient jdbc, String workspaceId, String id) {
        return one(jdbc, workspaceId, id, "");
    }

    /** Reads the row and holds its lock until the transaction ends. */
    public Optional<R> lock(JdbcClient jdbc, String workspaceId, String id) {
        return one(jdbc, workspaceId, id, " for update");
    }

    private Optional<R> one(JdbcClient jdbc, String workspaceId, String id, String lock) {
        return jdbc.sql("select " + columns + " from " + table + " where workspace_id = ? and id = ?" + lock)
                .params(workspaceId, id)
                .query(mapper)
                .optional();
    }

    /** The workspace's rows with these ids, by id; ids it has no row for are left out. */
    public Map<String, R> findAll(JdbcClient jdbc, String workspaceId, Collection<String> ids) {
        var found = new HashMap<String, R>();
        if (!ids.isEmpty()) {
            jdbc.sql("select " + columns + " from " + table + " where workspace_id = :workspace and id in (:ids)")
                    .param("workspace", workspaceId)
                    .param("ids", List.copyOf(ids))
                    .query(mapper)
                    .list()
                    .forEach(row -> found.put(id.apply(row), row));
        }
        return found;
    }
}
