package com.polaris.operator.workspace;

import com.polaris.operator.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One person in several workspaces, on PostgreSQL. */
class PostgresMembershipsTest extends MembershipScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", PostgresDatabase::url);
        registry.add("spring.datasource.username", PostgresDatabase::user);
        registry.add("spring.datasource.password", PostgresDatabase::password);
    }
}
