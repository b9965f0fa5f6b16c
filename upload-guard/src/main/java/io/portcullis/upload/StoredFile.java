package io.portcullis.upload;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file kept by {@link UploadStore}: the metadata a download needs.
 *
 * @param id          random 128-bit id, 32 lower-case hex digits (never derived from time, order or name)
 * @param filename    the sanitised (NFC, checked) original name, for {@code Content-Disposition}
 * @param contentType the type verified from the bytes at upload time; serve with this, never the client's
 * @param extension   the canonical extension
 * @param size        bytes
 * @param sha256      lower-case hex SHA-256
 * @param storedAt    when it was stored
 * @param path        the data file (outside any web root; no extension)
 */
public record StoredFile(String id, String filename, String contentType, String extension, long size,
                         String sha256, Instant storedAt, Path path) {
}
