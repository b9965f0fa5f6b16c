package io.portcullis.upload;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link UploadGuard#inspect}: accepted or not, with every reason found.
 *
 * @param accepted     true only when {@code reasons} is empty
 * @param reasons      stable reason codes, most decisive first (empty when accepted)
 * @param detectedType the media type found from the bytes alone (never from the name or the
 *                     client's Content-Type), e.g. {@code image/png};
 *                     {@code application/octet-stream} when unknown or not inspected
 * @param extension    the canonical (lower-case, {@code Locale.ROOT}) extension of the submitted
 *                     name without the dot, or {@code ""} when the name has none or was refused
 * @param filename     the normalised (NFC) submitted name, safe to keep as metadata and to show
 *                     once HTML-encoded; {@code ""} when the name was refused
 * @param size         bytes read (for {@link Reason#TOO_LARGE}: the limit + 1 at most)
 * @param sha256       lower-case hex SHA-256 of the bytes, or {@code ""} when not fully read
 * @param message      one human-readable sentence explaining the first reason, or "accepted"
 */
public record Verdict(boolean accepted, List<Reason> reasons, String detectedType, String extension,
                      String filename, long size, String sha256, String message) {

    public Verdict {
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(detectedType, "detectedType");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(message, "message");
        if (accepted != reasons.isEmpty()) {
            throw new IllegalArgumentException("accepted must be true exactly when there are no reasons");
        }
    }

    /** The reason codes as strings (the {@link Reason} constant names). */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::name).toList();
    }

    /** Whether {@code reason} is among the reasons. */
    public boolean has(Reason reason) {
        return reasons.contains(reason);
    }

    @Override
    public String toString() {
        return (accepted ? "ACCEPT " : "REJECT " + reasonCodes() + " ") + detectedType + " \"" + filename + "\" "
                + size + " bytes: " + message;
    }
}
