package com.polaris.operator.database;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Map;

/** PostgreSQL: the production database, shared by every node of an installation. */
public final class PostgresDatabase implements Database {

    PostgresDatabase() {}

    @Override
    public boolean sharedByNodes() {
        return true;
    }

    /** The driver is told not to copy the server's detail ("Key (email)=(…)", "parameter $1 = '…'") into its messages. */
    @Override
    public Map<String, String> driverProperties() {
        return Map.of("logServerErrorDetail", "false");
    }

    /** The server quotes an offending value after a colon: invalid input syntax for type integer: "…". */
    @Override
    public SQLException withoutValues(SQLException e) {
        if (!e.getClass().getName().startsWith("org.postgresql.") || e instanceof BatchUpdateException) {
            return e;
        }
        String message = String.valueOf(e.getMessage());
        int value = message.indexOf(": \"", message.indexOf(": ") + 1);
        if (value < 0) {
            return e;
        }
        return SqlErrorsWithoutValues.copy(e, message.substring(0, value) + ": (value withheld)");
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }
}
