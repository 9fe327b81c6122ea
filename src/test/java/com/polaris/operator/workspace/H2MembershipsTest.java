package com.polaris.operator.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One person in several workspaces, on the embedded H2 database a plain start uses. */
class H2MembershipsTest extends MembershipScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("polaris-h2-");
        registry.add("polaris.data-dir", dir::toString);
    }
}
