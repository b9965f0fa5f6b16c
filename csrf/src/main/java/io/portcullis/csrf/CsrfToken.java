package io.portcullis.csrf;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The CSRF token of one request, found in the request attribute {@link CsrfFilter#ATTRIBUTE}
 * (also under {@code _csrf}, the name Spring templates use). Every call of {@link #value()} gives
 * a freshly masked string for the same secret (BREACH), so render it as often as you like:
 *
 * <pre>{@code
 * CsrfToken csrf = CsrfToken.of(request);
 * out.print("<form method=post>" + csrf.hiddenField() + "...");      // forms
 * out.print("<head>" + csrf.metaTags() + "</head>");                  // fetch(): send header csrf-header
 * }</pre>
 * In JSP/EL: {@code ${_csrf.hiddenField}}, {@code ${_csrf.metaTags}}, {@code ${_csrf.value}}.
 *
 * <p>The secret is created only when a page asks for a token: in the session when the request
 * has one (or the store is {@code session}), else in the signed {@code __Host-} cookie — a page
 * that renders no form sets nothing and no session is ever created for an anonymous visitor
 * under the default {@code auto} store.
 */
public final class CsrfToken {

    static final String SESSION_ATTRIBUTE = "io.portcullis.csrf.secret";

    private final CsrfPolicy policy;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private byte[] secret;

    CsrfToken(CsrfPolicy policy, HttpServletRequest request, HttpServletResponse response) {
        this.policy = policy;
        this.request = request;
        this.response = response;
    }

    /**
     * The token of {@code request}.
     *
     * @throws IllegalStateException when no {@link CsrfFilter} is mapped to this request
     */
    public static CsrfToken of(ServletRequest request) {
        Object t = request.getAttribute(CsrfFilter.ATTRIBUTE);
        if (t instanceof CsrfToken token) {
            return token;
        }
        throw new IllegalStateException("no CSRF token on this request: map io.portcullis.csrf.CsrfFilter to its path");
    }

    /** A masked token, different on every call, valid until the secret changes (session or cookie). */
    public String value() {
        return Tokens.mask(secret());
    }

    /** EL name of {@link #value()}. */
    public String getValue() {
        return value();
    }

    /** The form field name, default {@code _csrf}. */
    public String parameterName() {
        return policy.parameterName();
    }

    /** EL name of {@link #parameterName()}. */
    public String getParameterName() {
        return parameterName();
    }

    /** The request header name for scripts, default {@code X-CSRF-Token}. */
    public String headerName() {
        return policy.headerName();
    }

    /** EL name of {@link #headerName()}. */
    public String getHeaderName() {
        return headerName();
    }

    /** {@code <input type="hidden" name="_csrf" value="...">} (names are HTTP tokens and the value base64url: nothing to escape). */
    public String hiddenField() {
        return "<input type=\"hidden\" name=\"" + policy.parameterName() + "\" value=\"" + value() + "\">";
    }

    /** EL name of {@link #hiddenField()}. */
    public String getHiddenField() {
        return hiddenField();
    }

    /**
     * {@code <meta name="csrf-token" content="..."><meta name="csrf-header" content="X-CSRF-Token">}
     * for scripts: {@code fetch(url, {method: 'POST', headers: {[header]: token}})}.
     */
    public String metaTags() {
        return "<meta name=\"csrf-token\" content=\"" + value() + "\"><meta name=\"csrf-header\" content=\""
                + policy.headerName() + "\">";
    }

    /** EL name of {@link #metaTags()}. */
    public String getMetaTags() {
        return metaTags();
    }

    /**
     * Forgets this client's secret and issues a new one on the next rendering. Call it when the
     * user logs in or out (Django's {@code rotate_token}), after the session id changed.
     */
    public void rotate() {
        secret = null;
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SESSION_ATTRIBUTE);
        }
        if (policy.tokenStore() != CsrfPolicy.TokenStore.SESSION) {
            secret = Tokens.randomBytes(Tokens.SECRET_BYTES);
            if (policy.tokenStore() == CsrfPolicy.TokenStore.AUTO && session != null) {
                session.setAttribute(SESSION_ATTRIBUTE, secret);
            } else {
                setCookie(secret);
            }
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "CsrfToken[" + policy.parameterName() + "]";
    }

    private byte[] secret() {
        if (secret != null) {
            return secret;
        }
        CsrfPolicy.TokenStore store = policy.tokenStore();
        HttpSession session = store == CsrfPolicy.TokenStore.SESSION ? request.getSession(true)
                : store == CsrfPolicy.TokenStore.AUTO ? request.getSession(false) : null;
        if (session != null) {
            Object s = session.getAttribute(SESSION_ATTRIBUTE);
            if (s instanceof byte[] b && b.length == Tokens.SECRET_BYTES) {
                secret = b;
            } else {
                secret = Tokens.randomBytes(Tokens.SECRET_BYTES);
                session.setAttribute(SESSION_ATTRIBUTE, secret);
            }
            return secret;
        }
        byte[] fromCookie = cookieSecret(request, policy);
        if (fromCookie != null) {
            secret = fromCookie;
        } else {
            secret = Tokens.randomBytes(Tokens.SECRET_BYTES);
            setCookie(secret);
        }
        return secret;
    }

    private void setCookie(byte[] s) {
        if (response.isCommitted()) {
            throw new IllegalStateException("the CSRF cookie must be set before the response is committed:"
                    + " ask for the token before writing the page body beyond the buffer");
        }
        boolean secure = policy.cookieName().startsWith("__Host-") || request.isSecure();
        response.addHeader("Set-Cookie", policy.cookieName() + "=" + Tokens.signedCookie(s, policy.signingKey())
                + "; Path=/" + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Lax");
    }

    /** The secret of a correctly signed CSRF cookie on the request, else null. */
    static byte[] cookieSecret(HttpServletRequest request, CsrfPolicy policy) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(policy.cookieName())) {
                byte[] s = Tokens.verifyCookie(c.getValue(), policy.signingKey());
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The session's secret without creating a session, else null. */
    static byte[] sessionSecret(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        return session.getAttribute(SESSION_ATTRIBUTE) instanceof byte[] b ? b : null;
    }
}
