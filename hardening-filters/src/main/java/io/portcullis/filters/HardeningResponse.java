package io.portcullis.filters;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;

/**
 * The response the application sees: {@link CommitDetectingResponse} decides when, this class
 * says what. Before the commit it has the {@link Engine} write the policy's headers; at any
 * time, from any thread, it rewrites every {@code Set-Cookie} the application adds (through
 * {@code addCookie} or as a header) and drops headers on the removal list. For a response
 * produced asynchronously through this wrapper see {@link HardeningRequest}.
 */
final class HardeningResponse extends CommitDetectingResponse {

    // what the headers and cookies depend on, decided when the request arrived: two flags (kept in
    // CommitDetectingResponse's control word) rather than the request and its EffectiveRequest, and
    // the nonce holder as the attachment: one field here, 32 bytes in all (see docs/benchmarks.md)
    private static final int SECURE = FLAG_1;
    private static final int NO_STORE = FLAG_2;

    private final Engine engine;

    /**
     * @param nonce   this request's nonce holder, or null when the policy has no nonce
     * @param secure  whether the effective request is HTTPS ({@link EffectiveRequest#isSecure()})
     * @param noStore whether the path is one of the policy's no-store paths
     */
    HardeningResponse(HttpServletResponse response, Engine engine, CspNonce nonce, boolean secure, boolean noStore) {
        super(response, nonce, (secure ? SECURE : 0) | (noStore ? NO_STORE : 0));
        this.engine = engine;
    }

    @Override
    void onBeforeCommit() {
        engine.writeHeaders(flag(SECURE), flag(NO_STORE), (CspNonce) attachment(), (HttpServletResponse) getResponse());
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (engine.rewritesCookies()) {
            String line = engine.cookieFromObject(cookie, flag(SECURE));
            if (line != null) {
                super.addHeader("Set-Cookie", line);
                return;
            }
        }
        super.addCookie(cookie);
    }

    @Override
    public void setHeader(String name, String value) {
        if (engine.isRemoved(name)) {
            return;
        }
        super.setHeader(name, value != null && isSetCookie(name) ? engine.cookieFromHeader(value, flag(SECURE)) : value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (engine.isRemoved(name)) {
            return;
        }
        super.addHeader(name, value != null && isSetCookie(name) ? engine.cookieFromHeader(value, flag(SECURE)) : value);
    }

    // A Set-Cookie given as a number or a date is a cookie too (a browser stores "Set-Cookie: 5" as a
    // cookie with an empty name): it goes through the String path, hardened like any other.

    @Override
    public void setIntHeader(String name, int value) {
        if (isSetCookie(name)) {
            setHeader(name, Integer.toString(value));
        } else if (!engine.isRemoved(name)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isSetCookie(name)) {
            addHeader(name, Integer.toString(value));
        } else if (!engine.isRemoved(name)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (isSetCookie(name)) {
            setHeader(name, httpDate(date));
        } else if (!engine.isRemoved(name)) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (isSetCookie(name)) {
            addHeader(name, httpDate(date));
        } else if (!engine.isRemoved(name)) {
            super.addDateHeader(name, date);
        }
    }

    /** An IMF-fixdate (RFC 9110 §5.6.7), as the containers write a date header. */
    private static String httpDate(long millis) {
        return SetCookie.HTTP_DATE.format(Instant.ofEpochMilli(millis));
    }

    private boolean isSetCookie(String name) {
        return engine.rewritesCookies() && name.length() == 10 && "Set-Cookie".equalsIgnoreCase(name);
    }
}
