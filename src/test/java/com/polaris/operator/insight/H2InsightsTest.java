package com.polaris.operator.insight;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link InsightsScenarios} on the embedded H2 database: the same queries answer the same figures. */
class H2InsightsTest extends InsightsScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("polaris-h2-");
        registry.add("polaris.data-dir", dir::toString);
    }
}
