package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.store.fs.FilePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real embedded database on the owner-only file system, used in the ways that make H2 write
 * files of its own beside the database — a trace of errors, a lock file, a compacted copy —
 * leaves nothing another user could read.
 */
class OwnerOnlyDatabaseTest {

    @BeforeAll
    static void registerFileSystem() {
        FilePath.register(new OwnerOnlyFilePath());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "",
                ";TRACE_LEVEL_FILE=3",
                ";FILE_LOCK=FILE",
                ";TRACE_LEVEL_FILE=1;FILE_LOCK=FILE",
                ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                ";PAGE_SIZE=1024",
                ";MAX_COMPACT_TIME=1000"
            })
    void theDatabaseAndEveryFileH2AddsLaterArePrivate(String settings) throws Exception {
        Path dataDir = Files.createTempDirectory("polaris-db-").resolve("fresh").resolve("data");
        String url = "jdbc:h2:" + OwnerOnlyFilePath.SCHEME + ":" + dataDir + "/polaris" + settings;

        try (Connection db = DriverManager.getConnection(url, "polaris", "");
                Statement sql = db.createStatement()) {
            sql.execute("create table notes (id int primary key, body varchar(10000))");
            for (int i = 0; i < 200; i++) {
                sql.execute("insert into notes values (" + i + ", repeat('x', 5000))");
            }
            assertThatThrownBy(() -> sql.execute("select nothing from nowhere")).isInstanceOf(SQLException.class);
            sql.execute("checkpoint sync");
            sql.execute("shutdown compact");
        }

        assertThat(dataDir.resolve("polaris.mv.db")).exists();
        PrivateFilesTest.assertEverythingPrivate(dataDir.getParent().getParent());
    }
}
