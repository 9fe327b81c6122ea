package com.polaris.operator.approval;

import com.polaris.operator.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Who decides approvals, on PostgreSQL, the production store. */
class QuorumApiTest extends QuorumScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
