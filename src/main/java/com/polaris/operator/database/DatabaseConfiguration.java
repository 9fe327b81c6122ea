package com.polaris.operator.database;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** Recognises the database once, from the DataSource the application runs on. */
@Configuration
class DatabaseConfiguration {

    @Bean
    Database database(DataSource dataSource) throws MetaDataAccessException {
        return Database.of(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL));
    }
}
