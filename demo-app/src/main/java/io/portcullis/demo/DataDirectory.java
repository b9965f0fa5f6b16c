package io.portcullis.demo;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The {@code --data-dir}: checked before anything is written, created owner-only when missing.
 *
 * <pre>
 * demo.db          SQLite: users, files, share links, throttle counts (+ -wal, -shm while open)
 * share-link.key   256-bit secret (share links, anonymous CSRF tokens), rw-------
 * uploads/         upload-guard's UploadStore: data/, meta/, tmp/
 * tmp/             the container's multipart spool, emptied at every start
 * tls/             server.p12, server.p12.pass, server.pem
 * backup-0.1.0-*   the 0.1.0 users.tsv / files.tsv, once migrated
 * </pre>
 */
final class DataDirectory {

    private static final System.Logger LOG = System.getLogger(DataDirectory.class.getName());

    private DataDirectory() {
    }

    /**
     * The absolute data directory, created {@code rwx------} when missing.
     *
     * @throws DemoDataException when it is not a directory or not writable (nothing is created then)
     */
    static Path prepare(Path dir) throws IOException {
        Path data = dir.toAbsolutePath().normalize();
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new DemoDataException("--data-dir " + data + " is a file, not a directory; choose a directory");
        }
        if (!Files.exists(data)) {
            Path parent = data.getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new DemoDataException("--data-dir " + data + " cannot be created: " + parent
                        + " is not a writable directory; choose another --data-dir");
            }
            try {
                Files.createDirectories(data);
            } catch (AccessDeniedException e) {
                throw new DemoDataException("--data-dir " + data + " cannot be created (permission denied); choose another --data-dir");
            }
            try { // users, keys and uploads: owner only
                Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the parent's ACL applies
            }
        } else if (!Files.isWritable(data)) {
            throw new DemoDataException("--data-dir " + data + " is not writable by this user; fix its permissions or "
                    + "choose another --data-dir");
        }
        return data;
    }

    /**
     * Deletes what the container spooled for multipart requests and never cleaned up (it deletes
     * its own files at the end of each request; only a crash leaves some). Runs before the
     * server accepts connections, so nothing in there is in use.
     */
    static int sweepMultipartTemp(Path tmp) throws IOException {
        int n = 0;
        try (java.util.stream.Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(tmp)) {
                    n += Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? 1 : 0;
                    Files.deleteIfExists(p);
                }
            }
        }
        if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "removed " + n + " multipart temp file(s) left by a crash in " + tmp);
        }
        return n;
    }
}
