package io.portcullis.csrf;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Problem;
import io.portcullis.core.RequestBodies;
import io.portcullis.core.Settings;
import io.portcullis.core.StartupFailure;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Refuses cross-site request forgery with three independent layers, each answering
 * <b>403</b> {@code application/problem+json} with a stable {@link CsrfReason}:
 * <ol>
 *   <li><b>Fetch Metadata</b> (every method): a request the browser marks
 *       {@code Sec-Fetch-Site: cross-site} is refused unless it is a top-level {@code GET}/{@code HEAD}
 *       navigation not into {@code <object>}/{@code <embed>} (the OWASP resource-isolation policy);
 *       {@code cross-site-paths} opt CORS APIs out. No header (old browsers, non-browsers): no verdict.</li>
 *   <li><b>Origin</b> (unsafe methods: all but GET, HEAD, OPTIONS, TRACE): {@code Origin} must be the
 *       request's own origin or a trusted one; {@code Origin: null} or none counts as same-origin only
 *       with {@code Sec-Fetch-Site: same-origin}; otherwise on HTTPS {@code Referer} must match
 *       (Django's rule: HTTPS with neither is refused), on plain HTTP the token alone decides.</li>
 *   <li><b>Token</b> (unsafe methods): the masked token from the {@code X-CSRF-Token} header or the
 *       {@code _csrf} form field must carry this client's secret — the session's, or the signed
 *       {@code __Host-csrf} cookie's when there is no session.</li>
 * </ol>
 * The token of a multipart form is read through {@code getParameter} only when
 * {@code UploadGuardFilter} (mapped before this filter) has already parsed the parts; otherwise the
 * body is left alone and the token must come in the header. Each reason is logged once at
 * WARNING, later occurrences at DEBUG. Only REQUEST dispatches are checked.
 *
 * <p>Configured by {@code portcullis.csrf.*} (see {@link CsrfPolicy}) or the
 * {@link #CsrfFilter(CsrfPolicy)} constructor.
 */
public final class CsrfFilter implements Filter {

    /** Request attribute holding the {@link CsrfToken}. */
    public static final String ATTRIBUTE = "io.portcullis.csrf.token";
    /** The same token under the name Spring-style templates use. */
    public static final String SHORT_ATTRIBUTE = "_csrf";
    /** Set by {@code UploadGuardFilter} when it has parsed a multipart body (its {@code VERDICTS} attribute). */
    static final String UPLOAD_GUARD_PARSED = "io.portcullis.upload.verdicts";
    /**
     * Request attribute (the path) set when an unsafe multipart request reached this filter before
     * {@code UploadGuardFilter} parsed it, so its token field could not be read: {@code HardeningFilter}'s
     * deploy check reports it as {@code CSRF_MULTIPART_UNPARSED} (read there by this name).
     */
    public static final String MULTIPART_UNPARSED = "io.portcullis.csrf.multipart-unparsed";

    private static final System.Logger LOG = System.getLogger(CsrfFilter.class.getName());
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Set<CsrfReason> logged = ConcurrentHashMap.newKeySet();
    private CsrfPolicy policy;

    /** For web.xml: configured in {@link #init(FilterConfig)} from {@code portcullis.csrf.*}. */
    public CsrfFilter() {
    }

    public CsrfFilter(CsrfPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(FilterConfig config) {
        if (policy == null) {
            Settings settings;
            try {
                settings = Settings.from(config);
                policy = CsrfPolicy.from(settings);
            } catch (ConfigException e) {
                throw StartupFailure.report(LOG, config.getServletContext(), "CsrfFilter", e);
            }
            if (settings.raw(CsrfPolicy.KEY_SIGNING_KEY).isEmpty() && policy.tokenStore() != CsrfPolicy.TokenStore.SESSION) {
                LOG.log(System.Logger.Level.INFO, "CSRF cookies are signed with a key made at start: a restart "
                        + "invalidates open forms and several nodes refuse each other's; set " + CsrfPolicy.KEY_SIGNING_KEY);
            }
        }
    }

    /** The policy in use. */
    public CsrfPolicy policy() {
        return policy;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getAttribute(ATTRIBUTE) == null) {
            CsrfToken token = new CsrfToken(policy, request, response);
            request.setAttribute(ATTRIBUTE, token);
            request.setAttribute(SHORT_ATTRIBUTE, token);
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        String path = path(request);
        boolean sameOnTheWire = rawPathIs(request, path);
        if (!(policy.exempt(path) && sameOnTheWire)) {
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            boolean unsafe = !SAFE.contains(method);
            Refusal refusal = null;
            if (policy.fetchMetadata() && !(policy.crossSiteAllowed(path) && sameOnTheWire)) {
                refusal = fetchMetadata(request, method);
            }
            if (refusal == null && unsafe && policy.originCheck()) {
                refusal = origin(request);
            }
            if (refusal == null && unsafe && policy.tokenCheck()) {
                refusal = token(request);
            }
            if (refusal != null) {
                refuse(request, response, refusal);
                return;
            }
        }
        chain.doFilter(req, res);
    }

    /** A refusal; a null reason is a form body that cannot be decoded (400 {@value #FORM_UNREADABLE}). */
    private record Refusal(CsrfReason reason, String detail) {
    }

    /** The code of the 400 answer to an unsafe form whose body the container cannot decode. */
    static final String FORM_UNREADABLE = "FORM_UNREADABLE";

    private Refusal fetchMetadata(HttpServletRequest request, String method) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null) {
            return null;
        }
        switch (site.trim().toLowerCase(Locale.ROOT)) {
            case "same-origin", "none":
                return null;
            case "same-site":
                if (policy.allowSameSite()) {
                    return null;
                }
                break;
            case "cross-site":
                String mode = request.getHeader("Sec-Fetch-Mode");
                String dest = request.getHeader("Sec-Fetch-Dest");
                if ("navigate".equalsIgnoreCase(mode) && (method.equals("GET") || method.equals("HEAD"))
                        && !"object".equalsIgnoreCase(dest) && !"embed".equalsIgnoreCase(dest)) {
                    return null;
                }
                break;
            default:
                break;
        }
        return new Refusal(CsrfReason.CROSS_SITE_REQUEST, "Sec-Fetch-Site " + site + " with Sec-Fetch-Mode "
                + request.getHeader("Sec-Fetch-Mode") + " and Sec-Fetch-Dest " + request.getHeader("Sec-Fetch-Dest")
                + " is not a top-level GET navigation");
    }

    private Refusal origin(HttpServletRequest request) {
        String own = ownOrigin(request);
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.trim().equals("null")) {
            String o = CsrfPolicy.dropDefaultPort(origin.trim().toLowerCase(Locale.ROOT));
            return o.equals(own) || policy.trusted(o) ? null
                    : new Refusal(CsrfReason.ORIGIN_MISMATCH, "Origin " + origin + " is neither " + own + " nor trusted"
                            + portHint(o, own));
        }
        if ("same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return null;
        }
        if (!request.isSecure()) {
            return null;
        }
        String referer = request.getHeader("Referer");
        if (referer == null) {
            return new Refusal(CsrfReason.ORIGIN_MISMATCH, "an HTTPS request without Origin must carry a Referer");
        }
        String r = refererOrigin(referer);
        return r != null && (r.equals(own) || policy.trusted(r)) ? null
                : new Refusal(CsrfReason.ORIGIN_MISMATCH, "Referer is neither on " + own + " nor on a trusted origin"
                        + (r == null ? "" : portHint(r, own)));
    }

    /**
     * The usual cause when the browser's origin differs from this server's only in the port: a
     * proxy on a port other than the scheme's default that passes on a Host without it (nginx's
     * {@code Host $host}), so the server believes it is on 443.
     */
    static String portHint(String seen, String own) {
        try {
            URI a = new URI(seen);
            URI b = new URI(own);
            if (a.getPort() == b.getPort() || a.getScheme() == null || a.getHost() == null
                    || !a.getScheme().equalsIgnoreCase(b.getScheme()) || !a.getHost().equalsIgnoreCase(b.getHost())) {
                return "";
            }
        } catch (URISyntaxException e) {
            return "";
        }
        return " (only the port differs: behind a proxy on another port, pass the browser's Host, e.g. nginx "
                + "proxy_set_header Host $http_host, or X-Forwarded-Port)";
    }

    private Refusal token(HttpServletRequest request) {
        String submitted = request.getHeader(policy.headerName());
        // the header, not getContentType(): Jetty's throws on a charset it does not know (a 500 from this filter)
        String contentType = request.getHeader("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean multipart = type.startsWith("multipart/");
        if (multipart && request.getAttribute(UPLOAD_GUARD_PARSED) == null) {
            request.setAttribute(MULTIPART_UNPARSED, loggable(path(request))); // HardeningFilter logs it
        }
        if (inQuery(request.getQueryString(), policy.parameterName())) {
            return new Refusal(CsrfReason.CSRF_TOKEN_INVALID, "the " + policy.parameterName() + " field is in the URL:"
                    + " send the token in the form body or the " + policy.headerName() + " header (URLs leak through"
                    + " logs, history and Referer)");
        }
        if (submitted == null || submitted.isEmpty()) {
            if (type.startsWith("application/x-www-form-urlencoded")
                    || (multipart && request.getAttribute(UPLOAD_GUARD_PARSED) != null)) {
                try {
                    submitted = request.getParameter(policy.parameterName());
                } catch (RuntimeException e) {
                    // Jetty throws on a form body it cannot decode (bad %-escapes, an unknown charset): answered
                    // here as a bad request rather than the container's 500 or HTML error page. A read that
                    // failed or timed out is not the form's fault: it goes on to whoever answers it (the
                    // container, or the demo's 408 body-deadline)
                    if (!undecodable(e)) {
                        throw e;
                    }
                    return new Refusal(null, "the form body could not be decoded, so its " + policy.parameterName()
                            + " field could not be read");
                }
            }
        }
        if (submitted == null || submitted.isEmpty()) {
            return new Refusal(CsrfReason.CSRF_TOKEN_MISSING, multipart && request.getAttribute(UPLOAD_GUARD_PARSED) == null
                    ? "no " + policy.headerName() + " header; the multipart body is not parsed here (map UploadGuardFilter before CsrfFilter to read its "
                            + policy.parameterName() + " field)"
                    : "neither the " + policy.headerName() + " header nor the " + policy.parameterName() + " field is present");
        }
        byte[] secret = Tokens.unmask(submitted.trim());
        if (secret == null) {
            return new Refusal(CsrfReason.CSRF_TOKEN_INVALID, "the token is not a Portcullis CSRF token");
        }
        CsrfPolicy.TokenStore store = policy.tokenStore();
        byte[] inSession = store == CsrfPolicy.TokenStore.COOKIE ? null : CsrfToken.sessionSecret(request);
        // a session that holds a secret decides alone: after rotate() at log-in, a token rendered from the
        // anonymous cookie before it (perhaps planted by whoever set that cookie) no longer passes
        boolean match = inSession != null ? Tokens.same(secret, inSession)
                : store != CsrfPolicy.TokenStore.SESSION && Tokens.same(secret, CsrfToken.cookieSecret(request, policy));
        return match ? null : new Refusal(CsrfReason.CSRF_TOKEN_INVALID,
                "the token was not issued to this client (another session, an expired session or a missing cookie)");
    }

    /**
     * {@code text} with control characters escaped, so a log line stays one line: Tomcat decodes
     * {@code %0A} in a path, and {@code POST /x%0AFORGED} wrote a second, forged line.
     */
    static String loggable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                String q = ConfigException.quote(text);
                return q.substring(1, q.length() - 1);
            }
        }
        return text;
    }

    /**
     * Whether a failure of {@code getParameter} is the form's own: Jetty wraps the cause in its
     * {@code BadMessageException} ("Unable to parse form content") both for a body it cannot decode
     * (an {@link IllegalArgumentException} for a bad escape or an unknown charset, a
     * {@link CharacterCodingException} for bytes that are not UTF-8, an {@link IllegalStateException}
     * for a form over its limits) and for a read that failed (an {@code IOException}, a timeout),
     * and rethrows other failures as they are (a deadline of the application's), so the exception
     * and its causes decide: a decoding failure and no failed read among them.
     */
    static boolean undecodable(Throwable e) {
        boolean decoding = false;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof CharacterCodingException || t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException) {
                decoding = true;
            } else if (t instanceof IOException || t instanceof TimeoutException) {
                return false;
            }
        }
        return decoding;
    }

    /** Whether the raw query string has a parameter named {@code name} (in any %-spelling). */
    static boolean inQuery(String query, String name) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String n = eq < 0 ? pair : pair.substring(0, eq);
            try {
                n = URLDecoder.decode(n, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        if (refusal.reason() == null) {
            LOG.log(System.Logger.Level.DEBUG, "CSRF refused " + request.getMethod() + " " + loggable(path(request)) + ": "
                    + FORM_UNREADABLE + " — " + refusal.detail());
            RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
            Problem.of(400, FORM_UNREADABLE, "Form body unreadable").detail(refusal.detail()).write(response);
            return;
        }
        String line = "CSRF refused " + request.getMethod() + " " + loggable(path(request)) + ": " + refusal.reason() + " — "
                + loggable(refusal.detail());
        if (logged.add(refusal.reason())) {
            LOG.log(System.Logger.Level.WARNING, line + " (further " + refusal.reason() + " refusals are logged at DEBUG)");
        } else {
            LOG.log(System.Logger.Level.DEBUG, line);
        }
        RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
        Problem.of(403, refusal.reason().name(), refusal.reason().title()).detail(refusal.detail()).write(response);
    }

    /**
     * Whether the raw request URI, %-decoded, is {@code path}: the container routed it without
     * resolving dot segments, path parameters or empty segments. Exemptions hold only then: for
     * {@code POST /change/../hooks/x} Jetty and Tomcat give the routed path {@code /hooks/x} while
     * {@code getRequestURI()} — what Spring MVC's path patterns and many hand-written routers match —
     * still reads {@code /change/...}.
     */
    static boolean rawPathIs(HttpServletRequest request, String path) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) {
            return false;
        }
        String raw = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        if (raw.indexOf(';') >= 0) {
            return false;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return false;
            }
        }
        String decoded = bytes.toString(StandardCharsets.UTF_8);
        return decoded.equals(path) || (decoded.isEmpty() && path.equals("/"));
    }

    /** The path inside the application as the container routed it. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String p = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        return p.isEmpty() ? "/" : p;
    }

    /** {@code scheme://host[:port]} of the request (proxy-aware when HardeningFilter runs first). */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return CsrfPolicy.dropDefaultPort(scheme + "://" + host + ":" + request.getServerPort());
    }

    static String refererOrigin(String referer) {
        try {
            URI u = new URI(referer.trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            String o = scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
            return CsrfPolicy.dropDefaultPort(o);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
