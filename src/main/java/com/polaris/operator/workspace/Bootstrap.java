package com.polaris.operator.workspace;

import com.polaris.operator.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On an empty database, creates the first workspace, its owner and, when configured, an admin
 * token and an integration key. A generated owner password is printed once; nothing else secret is.
 */
@Component
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Workspaces workspaces;
    private final AccessTokens tokens;
    private final String email;
    private final String password;
    private final String adminToken;
    private final String apiKey;
    private final String workspaceName;

    Bootstrap(
            Workspaces workspaces,
            AccessTokens tokens,
            @Value("${polaris.bootstrap.admin-email}") String email,
            @Value("${polaris.bootstrap.admin-password}") String password,
            @Value("${polaris.bootstrap.admin-token}") String adminToken,
            @Value("${polaris.bootstrap.api-key}") String apiKey,
            @Value("${polaris.bootstrap.workspace-name}") String workspaceName) {
        this.workspaces = workspaces;
        this.tokens = tokens;
        this.email = email;
        this.password = password;
        this.adminToken = adminToken;
        this.apiKey = apiKey;
        this.workspaceName = workspaceName;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (workspaces.anyWorkspace()) {
            return;
        }
        boolean generated = password.isBlank();
        String ownerPassword = generated ? BearerTokens.newPassword() : password;
        var created = workspaces.createWorkspace(workspaceName, email, ownerPassword, "UTC", Actor.SYSTEM);
        if (!adminToken.isBlank()) {
            tokens.issuePersonalToken(created.owner(), "Bootstrap admin token", adminToken);
        }
        if (!apiKey.isBlank()) {
            tokens.createIntegrationKey(created.id(), "Bootstrap integration key", apiKey, Actor.SYSTEM);
        }
        log.info(
                "Created workspace '{}' with owner {}",
                workspaceName,
                created.owner().email());
        if (generated) {
            log.warn("Generated owner password (shown only now, change it after signing in): {}", ownerPassword);
        }
    }
}
