package com.polaris.operator.catalog;

import com.polaris.operator.PostgresDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The tool lifecycle on PostgreSQL. */
class ToolLifecycleApiTest extends ToolLifecycleScenarios {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
