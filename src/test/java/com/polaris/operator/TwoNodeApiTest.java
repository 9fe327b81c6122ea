package com.polaris.operator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs against two nodes on the same PostgreSQL database: the test's own and a second one,
 * {@code node-b}, started once for the test class, so that what one node does the other must see.
 */
public abstract class TwoNodeApiTest extends PostgresApiTest {

    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startNodeB(@Value("${spring.datasource.url}") String databaseUrl) {
        nodeB = new SpringApplicationBuilder(OperatorApplication.class)
                .run(PostgresDatabase.nodeArgumentsOn(databaseUrl, "node-b"));
    }

    @AfterAll
    static void stopNodeB() {
        nodeB.close();
    }

    /** The address node-b listens on. */
    protected static String nodeBUrl() {
        return "http://localhost:" + nodeB.getEnvironment().getProperty("local.server.port");
    }

    /** The same caller as {@code api}, talking to node-b. */
    protected static Api onB(Api api) {
        return api.at(nodeBUrl());
    }
}
