package io.portcullis.filters;

import jakarta.servlet.ServletRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The per-request Content-Security-Policy nonce: 128 random bits from {@link SecureRandom},
 * base64 encoded, generated on first use only (so pages that never use it are not sent a
 * policy with a nonce; CSP3 §2.3.1 nonces must be unguessable and fresh per response).
 *
 * <p>A Portcullis filter with a CSP stores one under {@link #ATTRIBUTE}. In a page:
 * {@code <script nonce="${requestScope['io.portcullis.filters.CspNonce']}">} (its
 * {@code toString()} is the value), or in code {@code CspNonce.of(request)}. If the nonce is
 * first used after the response was committed it cannot be in the header any more, and the
 * browser will refuse that element: use it before writing a large body.
 */
public final class CspNonce {

    /** The request attribute holding this request's {@code CspNonce}. */
    public static final String ATTRIBUTE = "io.portcullis.filters.CspNonce";

    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile String value;

    CspNonce() {
    }

    /**
     * The nonce value of this request, generating it now if needed.
     *
     * @throws IllegalStateException when no Portcullis CSP filter ran for this request
     */
    public static String of(ServletRequest request) {
        return find(request).orElseThrow(() -> new IllegalStateException(
                "no CSP nonce on this request: is HardeningFilter or ContentSecurityPolicyFilter mapped to it, "
                        + "with {nonce} in portcullis.csp.policy?"))
                .value();
    }

    /** The nonce holder of this request, if a Portcullis CSP filter ran. */
    public static Optional<CspNonce> find(ServletRequest request) {
        Object v = request.getAttribute(ATTRIBUTE);
        return v instanceof CspNonce n ? Optional.of(n) : Optional.empty();
    }

    /** The value, generated on first call. */
    public synchronized String value() {
        if (value == null) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            value = Base64.getEncoder().encodeToString(bytes);
        }
        return value;
    }

    /** Whether the value was ever asked for (read without a lock: it is written once, under the lock, volatile). */
    public boolean isUsed() {
        return value != null;
    }

    /** The value (generated on first call), so {@code ${…}} in a page prints it. */
    @Override
    public String toString() {
        return value();
    }
}
