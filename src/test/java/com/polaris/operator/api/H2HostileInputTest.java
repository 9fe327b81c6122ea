package com.polaris.operator.api;

import com.polaris.operator.ApiTestBase;
import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Hostile input on the embedded H2 default, which would store what PostgreSQL refuses: the answers are the same. */
class H2HostileInputTest extends ApiTestBase implements HostileInputScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
