package com.polaris.operator.approval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Who decides approvals, on the embedded H2 file database that a plain start uses. */
class H2QuorumTest extends QuorumScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("polaris-h2-");
        registry.add("polaris.data-dir", dir::toString);
    }
}
