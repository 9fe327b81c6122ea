package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.polaris.operator.ApiTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Polaris started on a data dir that does not exist yet, with the embedded database and a
 * generated master keyset, as a plain start makes them: everything it writes there, at start and
 * later, is readable by its user only.
 */
class PrivateDataDirTest extends ApiTestBase {

    private static Path dataDir;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void freshDataDir(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("polaris-fresh-").resolve("var").resolve("data");
        registry.add("polaris.data-dir", dataDir::toString);
    }

    @Test
    void theDatabaseTheKeysetAndFilesWrittenLaterAreReadableByTheServiceUserOnly() throws Exception {
        var tenant = newWorkspace();
        assertThat(tenant.owner().put("/api/v1/secrets/crm_token", Map.of("value", "s3cret")).status()).isEqualTo(204);
        assertThat(tenant.integrationKey().post("/api/v1/actions", Map.of("tool", "create_support_task",
                "arguments", Map.of("title", "Call back"))).status()).isEqualTo(201);
        // An error H2 records in its trace file, which it creates only now.
        assertThatThrownBy(() -> jdbc.sql("select nothing from nowhere").query().listOfRows())
                .isInstanceOf(RuntimeException.class);

        assertThat(dataDir.resolve("polaris.mv.db")).exists();
        assertThat(dataDir.resolve("master-keyset.json")).exists();
        assertThat(dataDir.resolve("polaris.trace.db")).exists();
        PrivateFilesTest.assertEverythingPrivate(dataDir.getParent());
    }
}
