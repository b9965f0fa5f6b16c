package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A temporary directory under {@code /tmp} that other users can read and search ({@code o+rx}
 * on every level), for files a real server serves: Apache refuses to run as root and serves as
 * {@code www-data}, nginx workers run as {@code nobody}. {@link #close()} deletes it.
 * <pre>{@code
 * try (WorldReadableDir root = WorldReadableDir.create()) {
 *     Path file = root.write("files/a.txt", "hello");
 *     ...
 * }
 * }</pre>
 */
public final class WorldReadableDir implements AutoCloseable {

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path path;

    private WorldReadableDir(Path path) {
        this.path = path;
    }

    /** Creates {@code /tmp/portcullis-www-*} with mode 755 ({@code /tmp} itself is world-searchable). */
    public static WorldReadableDir create() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "portcullis-www-",
                    PosixFilePermissions.asFileAttribute(DIR));
            Files.setPosixFilePermissions(dir, DIR); // umask may have narrowed it
            return new WorldReadableDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** Makes {@code relative} (and parents) inside this dir, each mode 755. */
    public Path mkdirs(String relative) {
        Path target = resolveInside(relative);
        try {
            Path current = path;
            for (Path part : path.relativize(target)) {
                current = current.resolve(part);
                Files.createDirectories(current);
                Files.setPosixFilePermissions(current, DIR);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file (mode 644) at {@code relative}, creating world-searchable parents. */
    public Path write(String relative, byte[] content) {
        Path target = resolveInside(relative);
        if (!target.getParent().equals(path)) {
            mkdirs(path.relativize(target.getParent()).toString());
        }
        try {
            Files.write(target, content);
            Files.setPosixFilePermissions(target, FILE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a UTF-8 text file, see {@link #write(String, byte[])}. */
    public Path write(String relative, String content) {
        return write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path resolveInside(String relative) {
        Path target = path.resolve(relative).normalize();
        if (!target.startsWith(path) || target.equals(path)) {
            throw new IllegalArgumentException("not inside " + path + ": " + relative);
        }
        return target;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        Trees.delete(path);
    }
}
