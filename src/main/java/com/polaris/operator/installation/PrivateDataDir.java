package com.polaris.operator.installation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Keeps the data dir ({@code polaris.data-dir}: the embedded database, the generated master keyset)
 * readable by the service's user only. Before any bean can open or write a file there, it makes the
 * dir and everything already in it private (folders {@code 0700}, files {@code 0600}: a dir from
 * before this rule, or files someone copied in) and registers the embedded database's
 * {@link OwnerOnlyFilePath}, through which H2 creates every later file private. Other files the
 * service writes there are created with {@link PrivateFiles}.
 */
@Configuration
class PrivateDataDir {

    /**
     * A bean factory post-processor, because those run before every other bean, the data source
     * included; static, so that it needs no instance of this class that early.
     */
    @Bean
    static BeanFactoryPostProcessor dataDirMadePrivate(Environment environment) {
        return beanFactory -> {
            FilePath.register(new OwnerOnlyFilePath());
            Path dataDir = Path.of(environment.getRequiredProperty("polaris.data-dir"));
            try {
                PrivateFiles.makeTreePrivate(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The data dir " + dataDir.toAbsolutePath()
                                + " cannot be made private to this user (folders 0700, files 0600): " + e.getMessage(),
                        e);
            }
        };
    }
}
