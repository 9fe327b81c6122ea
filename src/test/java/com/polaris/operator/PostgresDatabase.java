package com.polaris.operator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database for this test JVM on the local server (127.0.0.1:5432, trust auth
 * for {@code postgres} unless {@code POLARIS_TEST_PG_URL}/{@code POLARIS_TEST_PG_USER} say otherwise),
 * dropped when the JVM exits.
 */
public final class PostgresDatabase {

    private static final String SERVER = env("POLARIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = env("POLARIS_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("POLARIS_TEST_PG_PASSWORD", "");
    private static volatile String url;

    private PostgresDatabase() {}

    public static synchronized String url() {
        if (url == null) {
            String name = "polaris_test_" + ProcessHandle.current().pid() + "_"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xfffffff);
            execute("create database " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + name + " with (force)")));
            url = SERVER + name;
        }
        return url;
    }

    /** A further fresh database, for a test that needs a second, independent installation. */
    public static String another() {
        String name = "polaris_test_" + ProcessHandle.current().pid() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xfffffff);
        execute("create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + name + " with (force)")));
        return SERVER + name;
    }

    public static String user() {
        return USER;
    }

    public static String password() {
        return PASSWORD;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD)) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed for the tests: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
