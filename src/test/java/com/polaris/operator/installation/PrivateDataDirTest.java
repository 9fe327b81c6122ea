package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.H2ApiTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Polaris started on a data dir that does not exist yet, with the embedded database and a
 * generated master keyset, as a plain start makes them: everything it writes there, at start and
 * later, is readable by its user only.
 */
class PrivateDataDirTest extends H2ApiTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDatabaseTheKeysetAndFilesWrittenLaterAreReadableByTheServiceUserOnly() throws Exception {
        assertThat(tenant().owner()
                        .put("/api/v1/secrets/crm_token", Map.of("value", "s3cret"))
                        .status())
                .isEqualTo(204);
        assertThat(agent().post(
                                "/api/v1/actions",
                                Map.of("tool", "create_support_task", "arguments", Map.of("title", "Call back")))
                        .status())
                .isEqualTo(201);
        // An error H2 would record, with its values, in a trace file: none is written.
        assertThatThrownBy(() -> jdbc.sql("select nothing from nowhere").query().listOfRows())
                .isInstanceOf(RuntimeException.class);

        Path dataDir = dataDir();
        assertThat(dataDir.resolve("polaris.mv.db")).exists();
        assertThat(dataDir.resolve("master-keyset.json")).exists();
        assertThat(dataDir.resolve("polaris.trace.db")).doesNotExist();
        PrivateFilesTest.assertEverythingPrivate(dataDir.getParent());
    }
}
