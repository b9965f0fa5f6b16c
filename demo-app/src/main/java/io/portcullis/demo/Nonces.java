package io.portcullis.demo;

import io.portcullis.filters.CspNonce;
import jakarta.servlet.http.HttpServletRequest;

/** The per-response CSP nonce that hardening-filters publishes on the request. */
final class Nonces {

    private Nonces() {
    }

    /** The nonce, or "" when no CSP filter ran (only with {@code --hardening off}). */
    static String of(HttpServletRequest request) {
        return CspNonce.find(request).map(CspNonce::value).orElse("");
    }
}
