package com.polaris.operator.job;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** Picks the queue's SQL for the database the application runs on. */
@Configuration
class JobConfiguration {

    @Bean
    JobDialect jobDialect(DataSource dataSource) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        return product.toLowerCase(Locale.ROOT).contains("postgres") ? new PostgresJobDialect() : new H2JobDialect();
    }
}
