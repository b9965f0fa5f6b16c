package io.portcullis.upload;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Keeps accepted uploads outside any web root under random ids. Layout under the root
 * directory (created owner-only, {@code rwx------}, where POSIX permissions exist):
 * {@code data/<id>} (the bytes, no extension), {@code meta/<id>.properties} (name, verified type,
 * size, SHA-256, time) and {@code tmp/} (staging on the same file system, so every file appears
 * by an atomic move, complete or not at all).
 *
 * <pre>{@code
 * UploadStore store = UploadStore.at(Path.of("/var/lib/myapp/uploads"));
 * UploadStore.Receipt r = store.save(guard, inputStream, "photo.jpg");
 * if (r.verdict().accepted()) { String id = r.stored().orElseThrow().id(); }
 * Optional<StoredFile> f = store.find(id);   // for the download handler (Sendfile)
 * }</pre>
 */
public final class UploadStore {

    /** The outcome of {@link #save(UploadGuard, InputStream, String)}. */
    public record Receipt(Verdict verdict, Optional<StoredFile> stored) {
    }

    /**
     * What {@link #sweep()} removed.
     *
     * @param staging files in {@code tmp/} (uploads being spooled or committed when the process died)
     * @param incomplete halves of a commit: bytes in {@code data/} without their {@code meta/} entry or
     *     the reverse (never visible through {@link #find(String)})
     */
    public record Sweep(int staging, int incomplete) {
        /** Everything removed. */
        public int total() {
            return staging + incomplete;
        }
    }

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Path data;
    private final Path meta;
    private final Path tmp;

    private UploadStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.data = this.root.resolve("data");
        this.meta = this.root.resolve("meta");
        this.tmp = this.root.resolve("tmp");
        for (Path p : List.of(this.root, data, meta, tmp)) {
            Files.createDirectories(p);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on its defaults
            }
        }
    }

    /** A store rooted at {@code root} (created if missing). */
    public static UploadStore at(Path root) throws IOException {
        return new UploadStore(Objects.requireNonNull(root, "root"));
    }

    /**
     * A store rooted at {@code root}, refusing a root inside the web application's document root.
     *
     * @throws IllegalArgumentException when {@code root} is inside {@code context.getRealPath("/")}
     */
    public static UploadStore at(Path root, ServletContext context) throws IOException {
        String webRoot = context.getRealPath("/");
        if (webRoot != null) {
            Path web = Path.of(webRoot).toAbsolutePath().normalize();
            if (root.toAbsolutePath().normalize().startsWith(web)) {
                throw new IllegalArgumentException("upload store " + root + " is inside the web root " + web);
            }
        }
        return at(root);
    }

    public Path root() {
        return root;
    }

    /**
     * Inspects {@code body} as {@code filename} and stores it when accepted. The bytes are spooled
     * once into the store's staging directory; rejected bytes are deleted before returning.
     */
    public Receipt save(UploadGuard guard, InputStream body, String filename) throws IOException {
        Path staged = Files.createTempFile(tmp, "in-", ".tmp");
        try {
            UploadGuard.Spooled s = UploadGuard.spool(body, staged, guard.policy().maxFileSize());
            Verdict v = s.tooLarge() ? guard.tooLarge(filename) : guard.judge(staged, filename, s.size(), s.sha256());
            if (!v.accepted()) {
                return new Receipt(v, Optional.empty());
            }
            return new Receipt(v, Optional.of(commit(staged, v)));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Stores a file part the filter accepted, moving its temporary file (no copy when on the
     * same file system).
     *
     * @throws IllegalArgumentException when the file was not accepted
     */
    public StoredFile save(UploadedFile upload) throws IOException {
        if (!upload.verdict().accepted()) {
            throw new IllegalArgumentException("refusing to store a rejected upload: " + upload.verdict().reasonCodes());
        }
        Path staged = Files.createTempFile(tmp, "in-", ".tmp");
        try {
            try {
                Files.move(upload.path(), staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.copy(upload.path(), staged, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(upload.path());
            }
            return commit(staged, upload.verdict());
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private StoredFile commit(Path staged, Verdict v) throws IOException {
        Instant now = Instant.now();
        while (true) {
            String id = newId();
            Path target = data.resolve(id);
            if (Files.exists(target)) {
                continue;
            }
            Properties p = new Properties();
            p.setProperty("filename", v.filename());
            p.setProperty("contentType", v.detectedType());
            p.setProperty("extension", v.extension());
            p.setProperty("size", Long.toString(v.size()));
            p.setProperty("sha256", v.sha256());
            p.setProperty("storedAt", now.toString());
            Path metaTmp = Files.createTempFile(tmp, "meta-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(metaTmp)) {
                    p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), null);
                }
                try {
                    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    continue;
                }
                Files.move(metaTmp, meta.resolve(id + ".properties"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(metaTmp);
            }
            return new StoredFile(id, v.filename(), v.detectedType(), v.extension(), v.size(), v.sha256(), now, target);
        }
    }

    /** The stored file with this id, or empty (also for anything that is not a well-formed id). */
    public Optional<StoredFile> find(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path m = meta.resolve(id + ".properties");
        Path d = data.resolve(id);
        if (!Files.isRegularFile(m) || !Files.isRegularFile(d)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(m, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return Optional.of(new StoredFile(id, p.getProperty("filename", ""), p.getProperty("contentType",
                Inspection.OCTET), p.getProperty("extension", ""), Long.parseLong(p.getProperty("size", "0")),
                p.getProperty("sha256", ""), Instant.parse(p.getProperty("storedAt")), d));
    }

    /** Every stored file, newest first. */
    public List<StoredFile> list() throws IOException {
        List<StoredFile> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(meta, "*.properties")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                find(name.substring(0, name.length() - ".properties".length())).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(StoredFile::storedAt).reversed());
        return out;
    }

    /**
     * Removes what a crash left behind: every file in the staging directory {@code tmp/} and every
     * half of an interrupted commit (a {@code data/<id>} without {@code meta/<id>.properties}, or
     * the reverse). A commit moves the bytes, then the metadata, each by an atomic rename, and
     * {@link #find(String)} shows a file only when both exist, so a crash at any instant leaves the
     * whole file or nothing visible; this sweep then reclaims the invisible part.
     *
     * <p>Call it once at start-up, before the store is used, and only when no other process writes
     * to the same root: it would delete that process's uploads in flight.
     */
    public Sweep sweep() throws IOException {
        int staging = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    staging++;
                }
            }
        }
        int incomplete = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(data)) {
            for (Path p : ds) {
                String id = p.getFileName().toString();
                if (ID.matcher(id).matches() && !Files.exists(meta.resolve(id + ".properties"))
                        && Files.deleteIfExists(p)) {
                    incomplete++;
                }
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(meta, "*.properties")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".properties".length());
                if (ID.matcher(id).matches() && !Files.exists(data.resolve(id)) && Files.deleteIfExists(p)) {
                    incomplete++;
                }
            }
        }
        return new Sweep(staging, incomplete);
    }

    /** Opens the bytes of a stored file. */
    public InputStream open(String id) throws IOException {
        StoredFile f = find(id).orElseThrow(() -> new java.io.FileNotFoundException("no stored upload " + id));
        return Files.newInputStream(f.path());
    }

    /** Deletes a stored file; false when there was none. */
    public boolean delete(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        boolean m = Files.deleteIfExists(meta.resolve(id + ".properties"));
        boolean d = Files.deleteIfExists(data.resolve(id));
        return m || d;
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
