package com.polaris.operator.workspace;

import com.polaris.operator.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One person in several workspaces, on PostgreSQL. */
class PostgresMembershipsTest extends MembershipScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
