package com.polaris.operator.installation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The file system of the embedded H2 database, {@code jdbc:h2:owner-only:<path>}: H2's own, except
 * that every file and folder H2 creates — the database, and later its trace, lock and temporary
 * files — is created private to the service's user ({@link PrivateFiles}). H2 would create them with
 * whatever the process's umask allows, usually readable by every user of the machine. Registered by
 * {@link PrivateDataDir} before the database opens.
 */
public final class OwnerOnlyFilePath extends FilePathWrapper {

    static final String SCHEME = "owner-only";

    /** H2 makes one for each path, by reflection. */
    public OwnerOnlyFilePath() {}

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (!"r".equals(mode)) {
            PrivateFiles.createFile(path());
        }
        return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        PrivateFiles.createFile(path());
        return super.newOutputStream(append);
    }

    @Override
    public boolean createFile() {
        try {
            return PrivateFiles.createFile(path());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void createDirectory() {
        try {
            PrivateFiles.createDirectories(path());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder " + path(), e);
        }
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        if (!inTempDir) {
            PrivateFiles.createDirectories(path().toAbsolutePath().getParent());
        }
        OwnerOnlyFilePath temp = (OwnerOnlyFilePath) super.createTempFile(suffix, inTempDir);
        PrivateFiles.makePrivate(temp.path());
        return temp;
    }

    private Path path() {
        return Path.of(getBase().toString());
    }
}
