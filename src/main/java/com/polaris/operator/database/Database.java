package com.polaris.operator.database;

import java.sql.SQLException;
import java.util.Map;

/**
 * The database the application runs on, one implementation per database (as db-scheduler keeps one
 * {@code JdbcCustomization} per database): PostgreSQL, where nodes share the database, or the
 * embedded H2 of a single node. It is recognised once, at start-up, and holds what differs between
 * the two; a module whose SQL differs picks its own per-database object by switching over this
 * sealed type, so a database added here is a compile error wherever one is missing.
 */
public sealed interface Database permits PostgresDatabase, H2Database {

    /** The database a JDBC URL points at; a database Polaris does not support is refused. */
    static Database of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDatabase();
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2Database();
        }
        int scheme = jdbcUrl.indexOf(':', "jdbc:".length());
        throw new IllegalStateException("Polaris runs on PostgreSQL or on its embedded H2 database, not on "
                + (scheme < 0 ? "this database" : jdbcUrl.substring(0, scheme)));
    }

    /**
     * Whether several nodes may run on this database and reach each other through it: notices
     * ({@code LISTEN}/{@code NOTIFY}) and table locks that every node's transactions respect. The
     * embedded H2 database serves one process, so there the nodes' business stays in the process.
     */
    boolean sharedByNodes();

    /** Settings for the driver's connections, given to the pool before it connects. */
    Map<String, String> driverProperties();

    /**
     * A copy of {@code e} whose message names none of the values of the failed statement, or
     * {@code e} itself when its message holds none (or it is not this database's driver's).
     */
    SQLException withoutValues(SQLException e);
}
