package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.polaris.operator.PostgresApiTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** A start with the bootstrap variables set, once a workspace exists, changes nothing and says so. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapTest extends PostgresApiTest {

    private static final String EMBEDDED = "jdbc:h2:owner-only:./data/polaris;MODE=PostgreSQL";
    private static final String POSTGRES = "jdbc:postgresql://db.internal:5432/polaris";
    private static final String KEY = "pol_key_bootstrap_after_the_first_start";

    @Autowired
    Workspaces workspaces;

    @Autowired
    AccessTokens tokens;

    @Autowired
    TokenCallers callers;

    /** Every test starts after the first start: a workspace exists. */
    @BeforeEach
    void aWorkspaceExists() {
        newWorkspace();
    }

    /** Runs the bootstrap of a later start with {@code environment}, on the database at {@code databaseUrl}. */
    private void startWith(MockEnvironment environment, String databaseUrl) {
        var bootstrap = new Bootstrap(
                workspaces,
                tokens,
                environment,
                new BootstrapSettings(
                        "someone@example.com",
                        "a long owner password",
                        "",
                        environment.getProperty("POLARIS_BOOTSTRAP_API_KEY", ""),
                        "Another workspace"),
                databaseUrl,
                "./data");
        bootstrap.run(new DefaultApplicationArguments());
    }

    private static List<String> warnings(CapturedOutput output) {
        return Arrays.stream(output.getAll().split("\n"))
                .filter(line -> line.contains("WARN") && line.contains("ignored: a workspace already exists"))
                .toList();
    }

    @Test
    void variablesSetOnceAWorkspaceExistsAreIgnoredWithOneWarningNamingThem(CapturedOutput output) {
        var environment = new MockEnvironment()
                .withProperty("POLARIS_BOOTSTRAP_API_KEY", KEY)
                .withProperty("POLARIS_BOOTSTRAP_WORKSPACE_NAME", "Another workspace");

        startWith(environment, EMBEDDED);

        assertThat(warnings(output))
                .singleElement(as(STRING))
                .contains("POLARIS_BOOTSTRAP_API_KEY, POLARIS_BOOTSTRAP_WORKSPACE_NAME ignored")
                .contains("Unset them")
                .contains("delete its data directory ./data");
        assertThat(output.getAll()).doesNotContain(KEY);
        assertThat(callers.check(KEY)).isEqualTo(new TokenCheck.Refused(TokenCheck.Reason.UNKNOWN, null));
    }

    @Test
    void onPostgresqlStartingOverMeansDroppingTheDatabase(CapturedOutput output) {
        var environment = new MockEnvironment().withProperty("POLARIS_BOOTSTRAP_ADMIN_PASSWORD", "x");

        startWith(environment, POSTGRES);

        assertThat(warnings(output))
                .singleElement(as(STRING))
                .contains("POLARIS_BOOTSTRAP_ADMIN_PASSWORD ignored")
                .contains("drop and recreate its PostgreSQL database")
                .doesNotContain("data directory");
    }

    @Test
    void withoutTheVariablesALaterStartSaysNothing(CapturedOutput output) {
        startWith(new MockEnvironment(), EMBEDDED);

        assertThat(warnings(output)).isEmpty();
    }
}
