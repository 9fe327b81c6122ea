package com.polaris.operator.insight;

import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link InsightsScenarios} on the embedded H2 database: the same queries answer the same figures. */
class H2InsightsTest extends InsightsScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
