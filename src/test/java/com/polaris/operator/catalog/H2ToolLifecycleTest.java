package com.polaris.operator.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The tool lifecycle on the embedded H2 file database that a plain start uses. */
class H2ToolLifecycleTest extends ToolLifecycleScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("polaris-h2-");
        registry.add("polaris.data-dir", dir::toString);
    }
}
