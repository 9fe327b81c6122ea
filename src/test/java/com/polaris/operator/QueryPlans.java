package com.polaris.operator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A migrated PostgreSQL database of its own, seeded with plain SQL, on which a test reads the plan
 * PostgreSQL chooses for one of the product's statements. A statement that must stay a short read
 * of one index range at any size is checked on data large enough for the planner to weigh another
 * plan.
 */
public final class QueryPlans implements AutoCloseable {

    private final Connection connection;

    private QueryPlans(Connection connection) {
        this.connection = connection;
    }

    /** A fresh database with the product's PostgreSQL migrations applied. */
    public static QueryPlans migrated() throws SQLException {
        String url = PostgresDatabase.fresh();
        Flyway.configure()
                .dataSource(url, PostgresDatabase.user(), PostgresDatabase.password())
                .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
                .load()
                .migrate();
        return new QueryPlans(DriverManager.getConnection(url, PostgresDatabase.user(), PostgresDatabase.password()));
    }

    /**
     * Runs {@code statements} with the foreign keys' checks off (a test seeds the one table it reads),
     * then gathers the statistics as autovacuum would have (the pages are not yet marked all-visible, as
     * with rows written since the last vacuum).
     */
    public QueryPlans seed(String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set session_replication_role = replica");
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("set session_replication_role = origin");
            statement.execute("analyze");
        }
        return this;
    }

    /** The plan {@code sql} ran with, with {@code params} bound: {@code explain analyze}'s lines. */
    public String explain(String sql, Object... params) throws SQLException {
        var plan = new StringBuilder();
        try (PreparedStatement statement =
                connection.prepareStatement("explain (analyze, costs off, timing off, summary off) " + sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** The number {@code sql} (a count) answers with {@code params} bound. */
    public long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
