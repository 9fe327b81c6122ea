package com.polaris.operator;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Keeps the values of SQL statements out of error messages, so that no log line shows what a
 * customer, an agent or a member sent (an email, a conversation excerpt, a secret's name) just
 * because a statement failed. PostgreSQL's driver is told not to copy the server's detail into its
 * messages ({@code logServerErrorDetail=false}: no "Detail: Key (email)=(…)", no "Where: … parameter
 * $1 = '…'"); H2 writes values into its messages with no such switch, so they are cut before the
 * first value and marked as withheld, as is a value PostgreSQL quotes in its message itself ("invalid
 * input syntax for type integer: …"). The SQL text itself, with its {@code ?} placeholders, stays.
 * The loggers that print bound values at DEBUG or TRACE are held at INFO in application.yml, and the
 * embedded database writes no trace file.
 */
@Configuration
class SqlErrorsWithoutValues {

    @Bean
    static BeanPostProcessor sqlValuesStayOutOfMessages() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool
                        && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    pool.addDataSourceProperty("logServerErrorDetail", "false");
                }
                if (bean instanceof JdbcTemplate jdbc) {
                    jdbc.setExceptionTranslator(new ValuesWithheld(jdbc.getExceptionTranslator()));
                }
                return bean;
            }
        };
    }

    /** Translates as Spring does, from a copy of the driver's exception whose message names no value. */
    record ValuesWithheld(SQLExceptionTranslator standard) implements SQLExceptionTranslator {

        @Override
        public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException e) {
            return standard.translate(task, sql, withoutValues(e));
        }

        static SQLException withoutValues(SQLException e) {
            String driver = e.getClass().getName();
            String message = String.valueOf(e.getMessage());
            String withheld;
            if (driver.startsWith("org.h2.")) {
                int cut = message.length();
                for (char marker : new char[] {':', '"', '\'', '(', ';', '\n'}) {
                    int at = message.indexOf(marker);
                    if (at >= 0 && at < cut) {
                        cut = at;
                    }
                }
                withheld = message.substring(0, cut).strip() + " (values withheld)";
            } else if (driver.startsWith("org.postgresql.") && !(e instanceof BatchUpdateException)) {
                // The server quotes an offending value after a colon: invalid input syntax for type integer: "…".
                int value = message.indexOf(": \"", message.indexOf(": ") + 1);
                if (value < 0) {
                    return e;
                }
                withheld = message.substring(0, value) + ": (value withheld)";
            } else {
                return e;
            }
            var copy = new SQLException(withheld, e.getSQLState(), e.getErrorCode());
            copy.setStackTrace(e.getStackTrace());
            return copy;
        }
    }
}
