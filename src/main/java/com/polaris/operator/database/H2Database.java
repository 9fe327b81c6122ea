package com.polaris.operator.database;

import java.sql.SQLException;
import java.util.Map;

/** The embedded H2 file database: the zero-setup default for a single node. */
public final class H2Database implements Database {

    H2Database() {}

    @Override
    public boolean sharedByNodes() {
        return false;
    }

    @Override
    public Map<String, String> driverProperties() {
        return Map.of();
    }

    /** H2 writes values into its messages with no switch to stop it: they are cut before the first value. */
    @Override
    public SQLException withoutValues(SQLException e) {
        if (!e.getClass().getName().startsWith("org.h2.")) {
            return e;
        }
        String message = String.valueOf(e.getMessage());
        int cut = message.length();
        for (char marker : new char[] {':', '"', '\'', '(', ';', '\n'}) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return SqlErrorsWithoutValues.copy(e, message.substring(0, cut).strip() + " (values withheld)");
    }

    @Override
    public String toString() {
        return "H2";
    }
}
