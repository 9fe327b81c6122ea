package com.polaris.operator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh PostgreSQL database for this test JVM on the local server (127.0.0.1:5432, trust auth
 * for {@code postgres} unless {@code POLARIS_TEST_PG_URL}/{@code POLARIS_TEST_PG_USER} say otherwise).
 * Databases are named after the test JVM's pid and dropped by a later run once that JVM is gone:
 * dropping them at exit would race the application contexts that are still closing.
 */
public final class PostgresDatabase {

    private static final String SERVER = env("POLARIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = env("POLARIS_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("POLARIS_TEST_PG_PASSWORD", "");
    private static volatile String url;

    private PostgresDatabase() {}

    public static synchronized String url() {
        if (url == null) {
            dropAbandoned();
            url = another();
        }
        return url;
    }

    /** A further fresh database, for a test that needs a second, independent installation. */
    public static String another() {
        String name = "polaris_test_" + ProcessHandle.current().pid() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xfffffff);
        execute("create database " + name);
        return SERVER + name;
    }

    /** Drops the databases of earlier test JVMs that are no longer running. */
    private static void dropAbandoned() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                ResultSet rs = c.createStatement()
                        .executeQuery("select datname from pg_database where datname like 'polaris\\_test\\_%'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            for (String name : names) {
                long pid = Long.parseLong(name.split("_")[2]);
                if (ProcessHandle.of(pid).isEmpty()) {
                    c.createStatement().execute("drop database if exists " + name + " with (force)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            System.err.println("Could not drop earlier test databases: " + e.getMessage());
        }
    }

    /** The arguments that start one more node of the application under test on this database. */
    public static String[] nodeArguments(String nodeId, String... more) {
        return nodeArgumentsOn(url(), nodeId, more);
    }

    /** The arguments that start a node of the application under test on {@code databaseUrl}, e.g. {@link #another()}. */
    public static String[] nodeArgumentsOn(String databaseUrl, String nodeId, String... more) {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--polaris.data-dir=target/test-data",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD,
                "--polaris.jobs.node-id=" + nodeId));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
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
            throw new IllegalStateException(
                    "PostgreSQL at " + SERVER + " is needed for the tests: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
