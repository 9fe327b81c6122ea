package com.polaris.operator.installation;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders readable by the service's user only: folders {@code 0700}, files {@code 0600}.
 * Each is created with those permissions, so no other user can open it even for a moment: Java
 * cannot narrow the process's umask, which would otherwise decide them. On a file system without
 * POSIX permissions files are created as usual.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Creates {@code dir} and its missing parents, each private; an existing folder is left as it is. */
    public static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, attribute(FOLDER)) : Files.createDirectories(dir);
    }

    /** Creates {@code file}, private, with its missing parent folders; answers false when it exists already. */
    static boolean createFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createFile(file, attribute(FILE));
            } else {
                Files.createFile(file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Makes an existing file or folder private (a folder's content is not touched). */
    static void makePrivate(Path path) throws IOException {
        if (POSIX) {
            Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE;
            if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
                Files.setPosixFilePermissions(path, wanted);
            }
        }
    }

    /**
     * Makes {@code root} (or what it links to) and everything in it private. Symbolic links in it are
     * neither changed nor followed: what they point to is not the installation's to change.
     */
    static void makeTreePrivate(Path root) throws IOException {
        if (!POSIX || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root.toRealPath(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                makePrivate(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    makePrivate(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
