package io.portcullis.sendfile;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-download choices: the media type, the name the browser shows, inline or attachment,
 * the CSP sandbox and caching. Anything left unset comes from the {@link SendfilePolicy}.
 *
 * <pre>{@code
 * SendOptions.builder().contentType("application/pdf").downloadName("Q3 report.pdf")
 *            .disposition(Disposition.INLINE).sandbox(true).build();
 * }</pre>
 */
public final class SendOptions {

    private static final SendOptions DEFAULTS = new Builder().build();
    // RFC 9110 §8.3.1 media-type with optional parameters, no CR/LF
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\\\\\p{Cntrl}]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    private final String contentType;
    private final String downloadName;
    private final Disposition disposition;
    private final Boolean sandbox;
    private final String cacheControl;

    private SendOptions(Builder b) {
        this.contentType = b.contentType;
        this.downloadName = b.downloadName;
        this.disposition = b.disposition;
        this.sandbox = b.sandbox;
        this.cacheControl = b.cacheControl;
    }

    /** Everything from the policy; the type detected from the file name, the download name the file's own name. */
    public static SendOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.contentType = contentType;
        b.downloadName = downloadName;
        b.disposition = disposition;
        b.sandbox = sandbox;
        b.cacheControl = cacheControl;
        return b;
    }

    /** The media type to send; empty means detected from the file name (unknown: {@code application/octet-stream}). */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The file name in {@code Content-Disposition}; empty means the stored file's name. */
    public Optional<String> downloadName() {
        return Optional.ofNullable(downloadName);
    }

    /** Empty means the policy's disposition. */
    public Optional<Disposition> disposition() {
        return Optional.ofNullable(disposition);
    }

    /** Empty means the policy's {@code csp-sandbox}. Active types (HTML, SVG, XML) are always sandboxed. */
    public Optional<Boolean> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** Empty means the policy's {@code Cache-Control}. */
    public Optional<String> cacheControl() {
        return Optional.ofNullable(cacheControl);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String contentType;
        private String downloadName;
        private Disposition disposition;
        private Boolean sandbox;
        private String cacheControl;

        private Builder() {
        }

        /** A media type such as {@code application/pdf} (for example the type verified at upload time). */
        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        /** The name the browser shows or saves as; any characters (RFC 6266 {@code filename*} carries them). */
        public Builder downloadName(String value) {
            this.downloadName = value;
            return this;
        }

        public Builder disposition(Disposition value) {
            this.disposition = value;
            return this;
        }

        /** {@code Content-Security-Policy: sandbox} for user uploads shown inline. */
        public Builder sandbox(Boolean value) {
            this.sandbox = value;
            return this;
        }

        /** Overrides the policy's {@code Cache-Control}; must contain private or no-store, never public. */
        public Builder cacheControl(String value) {
            this.cacheControl = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException for a malformed media type or a shared-cacheable Cache-Control
         */
        public SendOptions build() {
            if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
                throw new IllegalArgumentException("contentType must be a media type like application/pdf; got \""
                        + contentType.replaceAll("\\p{Cntrl}", "?") + "\"");
            }
            if (cacheControl != null && !SendfilePolicy.cacheControlAcceptable(cacheControl)) {
                throw new IllegalArgumentException("cacheControl must contain private or no-store and must not contain public; got \""
                        + cacheControl.replaceAll("\\p{Cntrl}", "?") + "\"");
            }
            return new SendOptions(this);
        }
    }
}
