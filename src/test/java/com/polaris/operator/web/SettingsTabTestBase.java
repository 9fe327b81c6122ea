package com.polaris.operator.web;

import com.polaris.operator.PostgresApiTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * A settings tab of the console as the two members who see it differently find it: an admin, who
 * changes what the tab holds, and a viewer, who may at most look; both of a new workspace and signed
 * in to the console before each test.
 */
abstract class SettingsTabTestBase extends PostgresApiTest {

    ConsoleClient admin;
    ConsoleClient viewer;

    @BeforeEach
    void signInAdminAndViewer() {
        admin = ConsoleClient.signInAs(port, tenant(), "admin", "Ada Admin");
        viewer = ConsoleClient.signInAs(port, tenant(), "viewer", "Vic Viewer");
    }
}
