package io.portcullis.demo;

import io.portcullis.csrf.CsrfFilter;
import io.portcullis.csrf.CsrfToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request as a handler sees it: the servlet pair, path parameters and the logged-in user. */
public final class Exchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Map<String, String> params;

    Exchange(HttpServletRequest request, HttpServletResponse response, Map<String, String> params) {
        this.request = request;
        this.response = response;
        this.params = params;
    }

    public HttpServletRequest request() {
        return request;
    }

    public HttpServletResponse response() {
        return response;
    }

    /** A path parameter declared by the route ({@code {id}}). */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no parameter " + name);
        }
        return v;
    }

    /** The logged-in user's name (for display), or {@code null}. */
    public String user() {
        return Sessions.userName(request);
    }

    /** The logged-in user's immutable id (what files belong to), or {@code null}. */
    public String userId() {
        return Sessions.userId(request);
    }

    /** The CSP nonce for inline scripts and styles of this response ("" when hardening is off). */
    public String nonce() {
        return Nonces.of(request);
    }

    /**
     * The CSRF filter's token for this request (a fresh BREACH mask on every call; anonymous: the
     * signed double-submit cookie is set, never a session), or null when the filter did not run
     * for this request (upload-guard refused the upload before it).
     */
    public CsrfToken csrf() {
        return request.getAttribute(CsrfFilter.ATTRIBUTE) instanceof CsrfToken t ? t : null;
    }

    /** Writes an HTML page with {@code status}; never cached (it may show private data). */
    public void html(int status, String page) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** 303 See Other to a same-site path (never an absolute URL from input). */
    public void seeOther(String path) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", path);
    }
}
