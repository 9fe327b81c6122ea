package com.polaris.operator.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements a node prepares (a batch counts once), so a benchmark can tell how many
 * statements a request costs: every connection of the node's pool is handed out behind a proxy that
 * counts {@code prepareStatement}, {@code prepareCall} and {@code createStatement}.
 */
@TestConfiguration
class StatementCounter {

    static final AtomicLong STATEMENTS = new AtomicLong();

    @Bean
    static BeanPostProcessor countStatements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource pool) || bean instanceof DelegatingDataSource) {
                    return bean;
                }
                return new DelegatingDataSource(pool) {
                    @Override
                    public Connection getConnection() throws SQLException {
                        return counted(super.getConnection());
                    }

                    @Override
                    public Connection getConnection(String username, String password) throws SQLException {
                        return counted(super.getConnection(username, password));
                    }
                };
            }
        };
    }

    private static Connection counted(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                StatementCounter.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "prepareStatement", "prepareCall", "createStatement" -> STATEMENTS.incrementAndGet();
                        default -> {}
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
