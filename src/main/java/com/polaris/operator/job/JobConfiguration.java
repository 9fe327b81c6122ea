package com.polaris.operator.job;

import com.polaris.operator.database.Database;
import com.polaris.operator.database.H2Database;
import com.polaris.operator.database.PostgresDatabase;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the queue's SQL for the database the application runs on and binds its settings. */
@Configuration
@EnableConfigurationProperties(JobSettings.class)
class JobConfiguration {

    @Bean
    JobDialect jobDialect(Database database) {
        return switch (database) {
            case PostgresDatabase postgres -> new PostgresJobDialect();
            case H2Database h2 -> new H2JobDialect();
        };
    }
}
