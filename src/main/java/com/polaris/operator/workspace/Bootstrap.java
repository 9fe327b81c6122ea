package com.polaris.operator.workspace;

import com.polaris.operator.identity.Actor;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On an empty database, creates the first workspace, its owner and, when configured, an admin
 * token and an integration key. A generated owner password is printed once; nothing else secret is.
 * Once a workspace exists the bootstrap variables change nothing, and a start that still sets them
 * says so.
 */
@Component
@RequiredArgsConstructor
class Bootstrap implements ApplicationRunner {

    static final List<String> VARIABLES = List.of(
            "POLARIS_BOOTSTRAP_ADMIN_EMAIL",
            "POLARIS_BOOTSTRAP_ADMIN_PASSWORD",
            "POLARIS_BOOTSTRAP_ADMIN_TOKEN",
            "POLARIS_BOOTSTRAP_API_KEY",
            "POLARIS_BOOTSTRAP_WORKSPACE_NAME");

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Workspaces workspaces;
    private final AccessTokens tokens;
    private final Environment environment;
    private final BootstrapSettings settings;

    @Value("${spring.datasource.url}")
    private final String databaseUrl;

    @Value("${polaris.data-dir}")
    private final String dataDir;

    @Override
    public void run(ApplicationArguments args) {
        if (workspaces.anyWorkspace()) {
            warnIfIgnored();
            return;
        }
        boolean generated = settings.adminPassword().isBlank();
        String ownerPassword = generated ? BearerTokens.newPassword() : settings.adminPassword();
        var created = workspaces.createWorkspace(
                settings.workspaceName(), settings.adminEmail(), ownerPassword, "UTC", Actor.SYSTEM);
        if (!settings.adminToken().isBlank()) {
            tokens.issuePersonalToken(created.owner(), "Bootstrap admin token", settings.adminToken());
        }
        if (!settings.apiKey().isBlank()) {
            tokens.createIntegrationKey(created.id(), "Bootstrap integration key", settings.apiKey(), Actor.SYSTEM);
        }
        log.info(
                "Created workspace '{}' with owner {}",
                settings.workspaceName(),
                created.owner().email());
        if (generated) {
            log.warn("Generated owner password (shown only now, change it after signing in): {}", ownerPassword);
        }
    }

    /**
     * The bootstrap variables only shape the first start: said once, on one line, so someone who
     * set them after that first start (or changed them since) knows why nothing changed.
     */
    private void warnIfIgnored() {
        List<String> set =
                VARIABLES.stream().filter(environment::containsProperty).toList();
        if (set.isEmpty()) {
            return;
        }
        String startOver = databaseUrl.startsWith("jdbc:h2:")
                ? "stop Polaris and delete its data directory " + dataDir + ", which holds the embedded database"
                : "stop Polaris, then drop and recreate its PostgreSQL database (POLARIS_DB_URL)";
        log.warn(
                "{} ignored: a workspace already exists, and the bootstrap variables only apply to the first start "
                        + "on an empty database. Unset them, or, to start over with them, {}.",
                String.join(", ", set),
                startOver);
    }
}
