package com.polaris.operator.workspace;

import com.polaris.operator.H2ApiTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One person in several workspaces, on the embedded H2 database a plain start uses. */
class H2MembershipsTest extends MembershipScenarios {

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        H2ApiTest.useFreshDataDir(registry);
    }
}
