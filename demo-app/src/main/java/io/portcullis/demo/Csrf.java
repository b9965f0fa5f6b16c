package io.portcullis.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens for the demo's forms, in two kinds, compared in constant time on every unsafe
 * request, with the hidden form field {@value #FIELD}:
 *
 * <ul>
 *   <li><b>Logged in</b>: a synchronizer token, 256 random bits kept in the session, rotated at
 *       log-in.
 *   <li><b>Anonymous</b> (sign-up, log-in, the home page's log-in form): no session at all. A
 *       signed double-submit token (OWASP CSRF Prevention Cheat Sheet): a random cookie
 *       {@value #COOKIE} ({@code Secure; HttpOnly; SameSite=Lax; Path=/}, the {@code __Host-}
 *       prefix so a sibling domain cannot plant one, RFC 6265bis §4.1.3.2) and, in the form,
 *       HMAC-SHA256 of that cookie under the server's key. A cross-site attacker can neither
 *       read the cookie nor compute the HMAC; a flood of anonymous GETs costs the server no
 *       memory.
 * </ul>
 */
final class Csrf {

    static final String FIELD = "csrf";
    static final String ATTRIBUTE = "io.portcullis.demo.csrf";
    /** The anonymous token's cookie over HTTPS. */
    static final String COOKIE = "__Host-csrf";
    /** Its name over plain HTTP (only with {@code --hardening off}): browsers refuse {@code __Host-} without Secure. */
    static final String PLAIN_COOKIE = "demo-csrf";
    private static final String ISSUED = "io.portcullis.demo.csrf-cookie";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /** @param key the HMAC key of anonymous tokens (the demo's share-link key file keeps it across restarts) */
    Csrf(byte[] key) {
        this.key = key.clone();
    }

    /** The token for a form on this response; sets the anonymous cookie when the client has none. */
    String token(HttpServletRequest request, HttpServletResponse response) {
        HttpSession s = request.getSession(false);
        if (s != null && s.getAttribute(Sessions.USER) != null) {
            String t = (String) s.getAttribute(ATTRIBUTE);
            return t != null ? t : rotate(s);
        }
        String cookie = (String) request.getAttribute(ISSUED);
        if (cookie == null) {
            cookie = cookie(request);
        }
        if (cookie == null) {
            cookie = random();
            boolean secure = secure(request);
            Cookie c = new Cookie(secure ? COOKIE : PLAIN_COOKIE, cookie);
            c.setPath("/");
            c.setHttpOnly(true);
            c.setSecure(secure);
            c.setAttribute("SameSite", "Lax");
            response.addCookie(c);
        }
        request.setAttribute(ISSUED, cookie);
        return sign(cookie);
    }

    static String rotate(HttpSession s) {
        String t = random();
        s.setAttribute(ATTRIBUTE, t);
        return t;
    }

    /**
     * True only when {@code presented} is the session's token (logged in), or, without a logged-in
     * session, the HMAC of the client's anonymous cookie.
     */
    boolean valid(HttpServletRequest request, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] got = presented.getBytes(StandardCharsets.UTF_8);
        HttpSession s = request.getSession(false);
        if (s != null && s.getAttribute(Sessions.USER) != null) {
            String expected = (String) s.getAttribute(ATTRIBUTE);
            return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), got);
        }
        String cookie = cookie(request);
        return cookie != null && MessageDigest.isEqual(sign(cookie).getBytes(StandardCharsets.US_ASCII), got);
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String name = secure(request) ? COOKIE : PLAIN_COOKIE;
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && c.getValue() != null && c.getValue().matches("[A-Za-z0-9_-]{43}")) {
                return c.getValue();
            }
        }
        return null;
    }

    /** HTTPS as the client sees it: the socket's, or a trusted TLS-terminating proxy's (the hardening filter's answer). */
    private static boolean secure(HttpServletRequest request) {
        return io.portcullis.filters.EffectiveRequest.of(request).map(io.portcullis.filters.EffectiveRequest::isSecure)
                .orElse(request.isSecure());
    }

    private String sign(String cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(("csrf-anonymous|" + cookie).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
