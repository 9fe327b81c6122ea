package com.polaris.operator.action;

import com.polaris.operator.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The action lifecycle on PostgreSQL, the production store. */
class PostgresLifecycleTest extends LifecycleScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
