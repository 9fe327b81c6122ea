package com.polaris.operator.action;

import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same lifecycle on the embedded H2 file database that a plain start uses. */
class H2LifecycleSmokeTest extends LifecycleScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
