package com.polaris.operator.approval;

import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Who decides approvals, on the embedded H2 file database that a plain start uses. */
class H2QuorumTest extends QuorumScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
