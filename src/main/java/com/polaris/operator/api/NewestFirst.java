package com.polaris.operator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The query behind every list answer: one workspace's rows, optional equality filters, newest
 * first by time-ordered id, starting after the cursor's id. Scoping by workspace is built in, so
 * no list can forget it.
 */
public final class NewestFirst {

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    private NewestFirst(String columns, String table, String workspaceId) {
        this.sql = new StringBuilder("select " + columns + " from " + table + " where workspace_id = ?");
        params.add(workspaceId);
    }

    public static NewestFirst from(String table, String columns, String workspaceId) {
        return new NewestFirst(columns, table, workspaceId);
    }

    /** Keeps rows whose {@code column} equals {@code value}; a null value does not filter. */
    public NewestFirst where(String column, @Nullable Object value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
        return this;
    }

    /** The page of rows with ids below the cursor's (all rows for the first page). */
    public <T> Page<T> page(JdbcClient jdbc, PageRequest page, RowMapper<T> mapper, Function<T, String> id) {
        if (page.after() != null) {
            sql.append(" and id < ?");
            params.add(page.after());
        }
        sql.append(" order by id desc limit ?");
        params.add(page.rows());
        return page.page(jdbc.sql(sql.toString()).params(params).query(mapper).list(), id);
    }
}
