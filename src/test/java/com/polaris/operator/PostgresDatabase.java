package com.polaris.operator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Fresh PostgreSQL databases for the tests on the local server (127.0.0.1:5432, trust auth for
 * {@code postgres} unless {@code POLARIS_TEST_PG_URL}/{@code POLARIS_TEST_PG_USER} say otherwise).
 * Every application context the tests build gets a database of its own ({@link #register}): the
 * contexts of one test JVM stay cached side by side, each with its own job workers, settings, clock
 * and lease length, and on one shared database the jobs, expired leases and dropped connections one
 * test leaves behind would be taken up by another test's workers. Databases are named after the test
 * JVM's pid and dropped by a later run once that JVM is gone: dropping them at exit would race the
 * application contexts that are still closing.
 */
public final class PostgresDatabase {

    private static final String SERVER = env("POLARIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = env("POLARIS_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("POLARIS_TEST_PG_PASSWORD", "");
    private static boolean earlierRunsDropped;

    private PostgresDatabase() {}

    /**
     * Points the application context being built at a fresh database of its own; called from a
     * {@code @DynamicPropertySource} method, which runs once for each context built. Further nodes
     * of that installation join it through {@link #nodeArgumentsOn} with {@code spring.datasource.url}.
     */
    public static void register(DynamicPropertyRegistry registry) {
        String url = fresh();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", PostgresDatabase::user);
        registry.add("spring.datasource.password", PostgresDatabase::password);
    }

    /** A fresh, empty database. */
    public static synchronized String fresh() {
        if (!earlierRunsDropped) {
            dropAbandoned();
            earlierRunsDropped = true;
        }
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

    /** The arguments that start a node of the application under test on {@code databaseUrl}. */
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
