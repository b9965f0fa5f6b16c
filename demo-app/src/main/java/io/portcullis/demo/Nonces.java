package io.portcullis.demo;

import jakarta.servlet.http.HttpServletRequest;

/** The per-response CSP nonce that the hardening filter publishes as a request attribute. */
final class Nonces {

    private Nonces() {
    }

    static String of(HttpServletRequest request) {
        Object v = request.getAttribute(NONCE_ATTRIBUTE);
        return v == null ? "" : v.toString();
    }

    static final String NONCE_ATTRIBUTE = "io.portcullis.filters.csp-nonce";
}
