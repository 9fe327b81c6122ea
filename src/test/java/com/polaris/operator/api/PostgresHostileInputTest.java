package com.polaris.operator.api;

import com.polaris.operator.Api;
import com.polaris.operator.PostgresApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Hostile input on PostgreSQL, which refuses a NUL or a lone surrogate outright. */
class PostgresHostileInputTest extends PostgresApiTest implements HostileInputScenarios {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoggingSystem logging;

    @Override
    public int serverPort() {
        return port;
    }

    @Override
    public Api anyone() {
        return anonymous();
    }

    @Override
    public Tenant workspace() {
        return newWorkspace();
    }

    @Override
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public LoggingSystem logging() {
        return logging;
    }
}
