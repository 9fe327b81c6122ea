package com.polaris.operator.catalog;

import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The tool lifecycle on the embedded H2 file database that a plain start uses. */
class H2ToolLifecycleTest extends ToolLifecycleScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
