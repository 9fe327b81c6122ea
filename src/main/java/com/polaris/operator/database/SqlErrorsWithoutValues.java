package com.polaris.operator.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
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
 * input syntax for type integer: …"). How each database does it is the {@link Database}'s. The SQL
 * text itself, with its {@code ?} placeholders, stays. The loggers that print bound values at DEBUG
 * or TRACE are held at INFO in application.yml, and the embedded database writes no trace file.
 */
@Configuration
class SqlErrorsWithoutValues {

    /**
     * The pool is set up before it opens its first connection, so its database is told by its URL
     * (with the rule {@link Database#of} applies to every DataSource); statements' errors are
     * translated by the database recognised at start-up.
     */
    @Bean
    static BeanPostProcessor sqlValuesStayOutOfMessages(ObjectProvider<Database> database) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
                    Database.of(pool.getJdbcUrl()).driverProperties().forEach(pool::addDataSourceProperty);
                }
                if (bean instanceof JdbcTemplate jdbc) {
                    jdbc.setExceptionTranslator(new ValuesWithheld(jdbc.getExceptionTranslator(), database));
                }
                return bean;
            }
        };
    }

    /** Translates as Spring does, from a copy of the driver's exception whose message names no value. */
    record ValuesWithheld(SQLExceptionTranslator standard, ObjectProvider<Database> database)
            implements SQLExceptionTranslator {

        @Override
        public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException e) {
            return standard.translate(task, sql, database.getObject().withoutValues(e));
        }
    }

    /** A copy of {@code e} with {@code message} instead of its own. */
    static SQLException copy(SQLException e, String message) {
        var copy = new SQLException(message, e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
