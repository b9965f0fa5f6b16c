package io.portcullis.sendfile;

/**
 * The verdict on a signed link, checked in this order: well-formed, known key id, signature
 * (binding path, expiry, not-before and user), expiry, not-before.
 * The HTTP status each gets from {@link SignedUrlFilter} is fixed and documented here.
 */
public enum LinkCheck {
    /** Signature good, not expired, released. */
    VALID(200, "VALID"),
    /** No signature parameters at all: 403. */
    MISSING(403, "SIGNATURE_MISSING"),
    /** Signature parameters present but malformed or duplicated: 403. */
    MALFORMED(403, "SIGNATURE_MALFORMED"),
    /** A query parameter the signature does not cover: 403 (the application must not act on unsigned input). */
    UNSIGNED_PARAMETER(403, "UNSIGNED_PARAMETER"),
    /** The key id is not (or no longer) configured: 403. */
    UNKNOWN_KEY(403, "SIGNATURE_INVALID"),
    /** The HMAC does not match: path, times or user changed, or forged: 403. */
    BAD_SIGNATURE(403, "SIGNATURE_INVALID"),
    /** Genuine but past its expiry: 410 Gone. */
    EXPIRED(410, "LINK_EXPIRED"),
    /**
     * Genuine but under embargo (before its not-before time): 404, as if the resource did not
     * exist yet; the release time is not disclosed and no Retry-After is sent.
     */
    NOT_YET_VALID(404, "NOT_YET_RELEASED");

    private final int status;
    private final String code;

    LinkCheck(int status, String code) {
        this.status = status;
        this.code = code;
    }

    /** The HTTP status {@link SignedUrlFilter} answers with. */
    public int status() {
        return status;
    }

    /** The stable reason code in the RFC 9457 problem body. */
    public String code() {
        return code;
    }
}
