package com.polaris.operator;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Runs against a fresh database of its own on the local PostgreSQL server. */
public abstract class PostgresApiTest extends ApiTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }
}
