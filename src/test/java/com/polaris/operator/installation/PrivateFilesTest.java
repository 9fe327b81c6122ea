package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FileUtils;

/**
 * Whatever the data dir held before and whatever H2 creates in it, its folders end up {@code 0700}
 * and its files {@code 0600}. (The process's umask on these machines, 022, would leave new files
 * readable by every user.)
 */
class PrivateFilesTest {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @BeforeContainer
    static void registerFileSystem() {
        FilePath.register(new OwnerOnlyFilePath());
    }

    /** One entry of a data dir as someone may have left it: a folder or a file, with loose permissions. */
    record Entry(List<String> path, boolean folder, int groupAndOthers) {}

    @Provide
    Arbitrary<List<Entry>> leftOvers() {
        Arbitrary<List<String>> paths = Arbitraries.of("a", "b", "keys", "polaris.mv.db", "polaris.trace.db", "x.tmp")
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
        Arbitrary<Entry> entry = Combinators.combine(
                        paths,
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 077))
                .as(Entry::new);
        return entry.list().ofMaxSize(12);
    }

    @Property(tries = 60)
    void aDataDirAsLeftBeforeIsMadePrivateWithoutFollowingLinksOut(
            @ForAll("leftOvers") List<Entry> entries, @ForAll("looseFolderPermissions") int rootGroupAndOthers)
            throws IOException {
        Path sandbox = Files.createTempDirectory("polaris-private-");
        Path dataDir = sandbox.resolve("data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, permissions(0700 | rootGroupAndOthers));
        for (Entry entry : entries) {
            leave(dataDir, entry);
        }
        Path outside = Files.writeString(sandbox.resolve("shared.txt"), "not the installation's");
        Files.setPosixFilePermissions(outside, permissions(0644));
        Files.createSymbolicLink(dataDir.resolve("link-out"), outside);

        PrivateFiles.makeTreePrivate(dataDir);

        assertEverythingPrivate(dataDir);
        assertThat(Files.getPosixFilePermissions(outside)).isEqualTo(permissions(0644));
    }

    @Provide
    Arbitrary<Integer> looseFolderPermissions() {
        return Arbitraries.integers().between(0, 077);
    }

    /** One way H2 creates a file or folder under the database's path. */
    enum H2Write {
        FOLDERS,
        OUTPUT_STREAM,
        APPENDING_STREAM,
        CHANNEL,
        NEW_FILE,
        TEMP_FILE,
        MOVED_FILE
    }

    @Property(tries = 60)
    void everyFileAndFolderH2CreatesIsPrivateFromTheStart(
            @ForAll("h2Writes") List<H2Write> writes, @ForAll("depths") int depth) throws IOException {
        Path sandbox = Files.createTempDirectory("polaris-h2fs-");
        Path dataDir = sandbox;
        for (int level = 0; level < depth; level++) {
            dataDir = dataDir.resolve("level" + level);
        }
        String base = OwnerOnlyFilePath.SCHEME + ":" + dataDir + "/polaris";
        int n = 0;
        for (H2Write write : writes) {
            String name = base + "." + (n++);
            switch (write) {
                case FOLDERS -> FileUtils.createDirectories(name + "/nested/deeper");
                case OUTPUT_STREAM -> write(FileUtils.newOutputStream(name + ".trace.db", false));
                case APPENDING_STREAM -> write(FileUtils.newOutputStream(name + ".log", true));
                case CHANNEL -> {
                    try (FileChannel channel = FileUtils.open(name + ".mv.db", "rw")) {
                        channel.write(StandardCharsets.UTF_8.encode("store"));
                    }
                }
                case NEW_FILE -> FileUtils.createFile(name + ".lock.db");
                case TEMP_FILE -> FileUtils.createTempFile(name, ".temp.db", false);
                case MOVED_FILE -> {
                    write(FileUtils.newOutputStream(name + ".newFile", false));
                    FileUtils.move(name + ".newFile", name + ".mv.db");
                }
            }
        }

        assertEverythingPrivate(sandbox);
    }

    @Provide
    Arbitrary<List<H2Write>> h2Writes() {
        return Arbitraries.of(H2Write.class).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(0, 3);
    }

    private static void leave(Path dataDir, Entry entry) throws IOException {
        Path path = dataDir;
        for (String part : entry.path()) {
            path = path.resolve(part);
            if (Files.isRegularFile(path)) {
                return;
            }
        }
        if (Files.exists(path)) {
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry.folder()) {
            Files.createDirectory(path);
            Files.setPosixFilePermissions(path, permissions(0700 | entry.groupAndOthers()));
        } else {
            Files.writeString(path, "left over");
            Files.setPosixFilePermissions(path, permissions(0600 | entry.groupAndOthers()));
        }
    }

    static void assertEverythingPrivate(Path root) throws IOException {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.naturalOrder()).toList()) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                var wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE;
                var actual = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (!actual.equals(wanted)) {
                    loose.add(root.relativize(path) + " " + PosixFilePermissions.toString(actual));
                }
            }
        }
        assertThat(loose).as("files and folders readable by others").isEmpty();
    }

    private static void write(OutputStream out) throws IOException {
        try (out) {
            out.write("written".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        var permissions = new java.util.HashSet<PosixFilePermission>();
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }
}
