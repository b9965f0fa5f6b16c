package io.portcullis.upload;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A file part that {@link UploadGuardFilter} parsed, spooled and inspected. It is what
 * {@code request.getParts()} returns for file parts on guarded paths, and the element type of
 * the {@link UploadGuardFilter#VERDICTS} attribute. Its bytes live in a private temporary file
 * until the request ends (the filter deletes it then) or until {@link UploadStore#save} moves
 * it into the store.
 *
 * <p>{@link #getSubmittedFileName()} is the one canonical reading of the name (NFC; the filter
 * refuses ambiguous {@code Content-Disposition}); {@link #getContentType()} is the
 * <em>verified</em> type detected from the bytes, not the client's header; {@link #getHeader}
 * answers with headers rebuilt from those two ({@code Content-Disposition: form-data;
 * name="…"; filename="…"} and {@code Content-Type}), never the client's raw ones.
 */
public final class UploadedFile implements Part {

    private final String fieldName;
    private final Path path;
    private final Verdict verdict;
    private final String clientContentType;
    private final Map<String, List<String>> headers;

    UploadedFile(String fieldName, Path path, Verdict verdict, String clientContentType) {
        this.fieldName = Objects.requireNonNull(fieldName, "fieldName");
        this.path = path;
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.clientContentType = clientContentType;
        this.headers = canonicalHeaders(
                MultipartReader.Disposition.header(fieldName, verdict.filename()), verdict.detectedType());
    }

    /**
     * The part headers an application sees: rebuilt from what was checked, so a framework that
     * re-reads {@code Content-Disposition} (Spring's {@code ContentDisposition.parse}) finds the
     * checked name and nothing else.
     */
    static Map<String, List<String>> canonicalHeaders(String disposition, String contentType) {
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        h.put("content-disposition", List.of(disposition));
        if (contentType != null) {
            h.put("content-type", List.of(contentType));
        }
        return java.util.Collections.unmodifiableMap(h);
    }

    /** The verdict for this file. */
    public Verdict verdict() {
        return verdict;
    }

    /** The form field name. */
    public String fieldName() {
        return fieldName;
    }

    /** The client's Content-Type header for this part (untrusted; for logging only), or null. */
    public String clientContentType() {
        return clientContentType;
    }

    /** The temporary file holding the bytes while the request lasts. */
    Path path() {
        return path;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (path == null || !Files.exists(path)) {
            throw new IOException("the upload is no longer available (stored or request finished)");
        }
        return Files.newInputStream(path);
    }

    /** The verified type detected from the bytes. */
    @Override
    public String getContentType() {
        return verdict.detectedType();
    }

    @Override
    public String getName() {
        return fieldName;
    }

    /** The canonical submitted filename (NFC); {@code ""} when it was refused. */
    @Override
    public String getSubmittedFileName() {
        return verdict.filename();
    }

    @Override
    public long getSize() {
        return verdict.size();
    }

    /** Copies the bytes to {@code fileName} (an absolute path; relative paths are refused). */
    @Override
    public void write(String fileName) throws IOException {
        Path target = Path.of(fileName);
        if (!target.isAbsolute()) {
            throw new IOException("write needs an absolute path; use UploadStore to keep uploads");
        }
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete() throws IOException {
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }

    @Override
    public String getHeader(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }

    @Override
    public String toString() {
        return "UploadedFile[" + fieldName + ": " + verdict + "]";
    }
}
