package com.polaris.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs on the embedded H2 file database that a plain start uses, in a data dir that does not
 * exist until the application creates it. Test classes extending this share one application.
 */
public abstract class H2ApiTest extends ApiTestBase {

    private static final Path DATA_DIR = freshDataDir();

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) {
        registry.add("polaris.data-dir", DATA_DIR::toString);
    }

    /**
     * Puts the application of a test class that cannot extend this one on an embedded H2 database of
     * its own, in a new temporary data dir; for its {@link DynamicPropertySource}.
     */
    public static void useFreshDataDir(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("polaris-h2-");
        registry.add("polaris.data-dir", dir::toString);
    }

    /** The application's data dir, below a new temporary folder. */
    protected static Path dataDir() {
        return DATA_DIR;
    }

    private static Path freshDataDir() {
        try {
            return Files.createTempDirectory("polaris-h2-").resolve("var").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
