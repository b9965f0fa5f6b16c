package io.portcullis.upload;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Judges one uploaded file against an {@link UploadPolicy}: the type is detected from the bytes
 * alone, the submitted filename is checked separately and compared through the policy's
 * extension → type matrix, then content rules run (active content, polyglots, macros, container
 * limits, pixel limits). Thread-safe; create one per policy and share it.
 *
 * <pre>{@code
 * UploadGuard guard = new UploadGuard(UploadPolicy.images());
 * Verdict v = guard.inspect(part);            // or inspect(inputStream, "photo.jpg"), inspect(path, name)
 * if (!v.accepted()) respond(415, v.reasonCodes());
 * }</pre>
 *
 * Streams and parts are spooled to a private temporary file (in {@link UploadPolicy#tempDir()})
 * under the per-file size cap while the SHA-256 is computed; the temporary file is deleted before
 * {@code inspect} returns, whatever happens.
 */
public final class UploadGuard {

    private final UploadPolicy policy;
    private final UploadScanner scanner;

    /** A guard with no external scanner. */
    public UploadGuard(UploadPolicy policy) {
        this(policy, null);
    }

    /** A guard that also runs {@code scanner} (may be null) on every file that reaches the content rules. */
    public UploadGuard(UploadPolicy policy, UploadScanner scanner) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.scanner = scanner;
    }

    public UploadPolicy policy() {
        return policy;
    }

    /**
     * Inspects a stream (read to the end or to the size limit; not closed) as a file named
     * {@code filename}.
     */
    public Verdict inspect(InputStream in, String filename) throws IOException {
        Path tmp = createTemp();
        try {
            Spooled s = spool(in, tmp, policy.maxFileSize());
            if (s.tooLarge()) {
                return tooLarge(filename);
            }
            return Inspection.judge(policy, scanner, tmp, filename, s.size(), s.sha256());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Inspects a file in place as if uploaded under {@code filename} (no copy is made). The file
     * must not change while it is inspected.
     */
    public Verdict inspect(Path file, String filename) throws IOException {
        long size = Files.size(file);
        if (size > policy.maxFileSize()) {
            return tooLarge(filename);
        }
        String sha;
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = sha256();
            byte[] buf = BUFFER.get();
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            sha = HexFormat.of().formatHex(md.digest());
        }
        return Inspection.judge(policy, scanner, file, filename, size, sha);
    }

    /**
     * Inspects a servlet part under its submitted filename. (To judge a part under another name,
     * use {@code inspect(part.getInputStream(), name)}; there is deliberately no two-argument
     * {@code Part} overload, so callers without the Servlet API, such as command lines, compile.)
     */
    public Verdict inspect(Part part) throws IOException {
        String filename = part.getSubmittedFileName();
        if (part instanceof UploadedFile u) {
            return u.verdict();
        }
        if (part.getSize() > policy.maxFileSize()) {
            return tooLarge(filename);
        }
        try (InputStream in = part.getInputStream()) {
            return inspect(in, filename);
        }
    }

    Verdict tooLarge(String filename) {
        FileNames.Result name = FileNames.check(filename, policy.maxFilenameBytes());
        return new Verdict(false, java.util.List.of(Reason.TOO_LARGE), Inspection.OCTET,
                name.ok() ? name.extension() : "", name.ok() ? name.name() : "", policy.maxFileSize() + 1, "",
                "the file is larger than " + policy.maxFileSize() + " bytes");
    }

    Path createTemp() throws IOException {
        Path dir = policy.tempDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(dir)) {
            // (createDirectories on an existing directory throws and catches an exception each time)
            Files.createDirectories(dir);
        }
        return Files.createTempFile(dir, "portcullis-upload-", ".tmp");
    }

    Verdict judge(Path file, String filename, long size, String sha256) throws IOException {
        return Inspection.judge(policy, scanner, file, filename, size, sha256);
    }

    /** One copy buffer per thread, reused by every inspection on it (no 64 KiB allocation per upload). */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    record Spooled(long size, String sha256, boolean tooLarge) {
    }

    /** Copies at most {@code limit + 1} bytes of {@code in} to {@code target}, hashing them. */
    static Spooled spool(InputStream in, Path target, long limit) throws IOException {
        MessageDigest md = sha256();
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            DigestInputStream din = new DigestInputStream(in, md);
            byte[] buf = BUFFER.get();
            int n;
            while ((n = din.read(buf, 0, (int) Math.min(buf.length, limit + 1 - total))) > 0) {
                out.write(buf, 0, n);
                total += n;
                if (total > limit) {
                    return new Spooled(total, "", true);
                }
            }
        }
        return new Spooled(total, HexFormat.of().formatHex(md.digest()), false);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 missing from the JVM", e));
        }
    }
}
