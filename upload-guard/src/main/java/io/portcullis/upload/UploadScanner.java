package io.portcullis.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An optional anti-virus hook (ClamAV INSTREAM, a sandbox…) run after the built-in rules. It
 * fails closed: an exception rejects the file with {@link Reason#MALWARE}.
 */
@FunctionalInterface
public interface UploadScanner {

    /**
     * @param file         the complete bytes, read-only for the scanner
     * @param detectedType the type detected from the bytes
     * @return a finding (signature name) to reject the file, or empty
     */
    Optional<String> scan(Path file, String detectedType) throws IOException;
}
