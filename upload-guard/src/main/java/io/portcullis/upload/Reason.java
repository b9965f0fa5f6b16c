package io.portcullis.upload;

import io.portcullis.core.WireToken;

/**
 * Why an upload was refused. The constant names are stable machine-readable codes: they appear
 * in {@link Verdict#reasons()}, in the {@code reasons} member of the filter's
 * {@code application/problem+json} answers and in {@code checkup uploads} output. New codes
 * may be added; existing ones never change meaning.
 */
public enum Reason implements WireToken {
    /** The canonical extension is not in the policy's allowlist. */
    EXTENSION_NOT_ALLOWED(415),
    /** The type detected from the bytes alone is not one the extension allows (matrix). */
    TYPE_MISMATCH(415),
    /** The bytes have no recognisable signature ({@code application/octet-stream}). */
    TYPE_UNKNOWN(415),
    /** Browser-scriptable content: HTML/SVG/XHTML markup, script, event handlers, PDF JavaScript. */
    ACTIVE_CONTENT(415),
    /** Server-side code markers ({@code <?php}, {@code <%}, {@code <jsp:}) where they cannot occur by chance. */
    SERVER_CODE(415),
    /** Data after the format's end marker (JPEG EOI, PNG IEND, GIF trailer, RIFF size, PDF %%EOF) or an appended zip. */
    POLYGLOT(415),
    /** The structure of the claimed format is broken (truncated chunks, bad segments). */
    MALFORMED(415),
    /** VBA macros or ActiveX controls (OOXML, ODF Basic/Scripts, OLE2 VBA storages). */
    MACRO(415),
    /** Embedded OLE objects or embedded files (OOXML embeddings, PDF EmbeddedFiles). */
    EMBEDDED_OBJECT(415),
    /** {@code TargetMode="External"} relationships (template injection, external links), external SVG/XML references. */
    EXTERNAL_REFERENCE(415),
    /** An XML part or file carries a DOCTYPE (XXE, billion laughs). */
    XML_DOCTYPE(415),
    /** Archive entries with {@code ..}, absolute paths, backslashes, symlinks, duplicates or executable names. */
    ARCHIVE_UNSAFE_ENTRY(415),
    /** Container limits: entry count, inflated size, ratio, overlapping entries, inspection time. */
    CONTAINER_LIMIT(413),
    /** Encrypted or password-protected content that cannot be inspected. */
    ENCRYPTED(415),
    /** Image width x height over the pixel cap, read from headers before any decode. */
    PIXEL_LIMIT(413),
    /** CSV cells starting with {@code = + - @} that spreadsheet programs run as formulas. */
    CSV_FORMULA(415),
    /** A malware signature (the EICAR test file, or a configured scanner's finding). */
    MALWARE(415),
    /** A zero-byte file. */
    EMPTY(400),
    /** The file is larger than the per-file limit. */
    TOO_LARGE(413),
    /** The submitted filename breaks the filename rules (control/bidi characters, separators, reserved names…). */
    BAD_FILENAME(400),
    /** Multipart {@code Content-Disposition} is ambiguous: {@code filename*}, duplicates, odd case, RFC 2047, escapes. */
    FILENAME_AMBIGUOUS(400),
    /** The whole request body is larger than the per-request limit. */
    REQUEST_TOO_LARGE(413),
    /** More parts than allowed in one multipart request. */
    TOO_MANY_PARTS(413),
    /** A part's headers are longer than allowed. */
    PART_HEADER_TOO_LARGE(413),
    /** A form field (non-file part) is larger than allowed. */
    FIELD_TOO_LARGE(413),
    /** The multipart body is not well formed (boundary, headers, premature end). */
    MULTIPART_MALFORMED(400),
    /**
     * A multipart header or body that parsers read differently: parameters outside the RFC 9110
     * grammar (stray quotes, whitespace around {@code =}, non-token names), repeated parameters or
     * {@code Content-Type} headers, a field and a file sharing one name.
     */
    MULTIPART_AMBIGUOUS(400),
    /** A {@code multipart/*} request other than {@code multipart/form-data} that no key allows. */
    MULTIPART_TYPE_REFUSED(415),
    /**
     * The filter found the request body already read by something before it ({@code getReader()}, or a
     * {@code getParameter()}/{@code getParts()} that made the container parse the multipart body): a
     * deployment error, so nothing could be inspected.
     */
    BODY_ALREADY_READ(500);

    private final int status;

    Reason(int status) {
        this.status = status;
    }

    /** The wire token: the constant name. */
    @Override
    public String token() {
        return name();
    }

    /** The HTTP status the filter answers with when this is the deciding reason (400, 413 or 415). */
    public int status() {
        return status;
    }
}
