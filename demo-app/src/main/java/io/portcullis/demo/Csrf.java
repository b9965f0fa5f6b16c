package io.portcullis.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchronizer-token CSRF protection: one random 256-bit token per session, sent in a hidden
 * form field {@value #FIELD}, compared in constant time on every unsafe request.
 */
final class Csrf {

    static final String FIELD = "csrf";
    static final String ATTRIBUTE = "io.portcullis.demo.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    static String token(HttpServletRequest request) {
        HttpSession s = request.getSession(true);
        String t = (String) s.getAttribute(ATTRIBUTE);
        if (t == null) {
            t = rotate(s);
        }
        return t;
    }

    static String rotate(HttpSession s) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        s.setAttribute(ATTRIBUTE, t);
        return t;
    }

    /** True only when the session has a token and {@code presented} equals it. */
    static boolean valid(HttpServletRequest request, String presented) {
        HttpSession s = request.getSession(false);
        if (s == null || presented == null) {
            return false;
        }
        String expected = (String) s.getAttribute(ATTRIBUTE);
        return expected != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }
}
