package io.portcullis.filters;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What runs per request behind {@link HardeningFilter} and every à-la-carte filter: resolve the
 * {@link EffectiveRequest}, run the {@link HostCheck} (when the filter has that part), wrap the
 * response so {@link HeaderWriters} write before commit and Set-Cookie lines are rewritten by
 * {@link CookieRules}. Everything that depends only on the policy is built here once.
 */
final class Engine {

    /** The protections a filter applies. */
    enum Part {
        /** Host check and HTTPS redirect. */
        HTTPS,
        /** Strict-Transport-Security. */
        HSTS,
        /** Set-Cookie rewriting. */
        COOKIES,
        /** The static security headers, Cache-Control for no-store paths, header removal. */
        HEADERS,
        /** Content-Security-Policy (enforced and report-only) with the nonce. */
        CSP
    }

    static final System.Logger LOG = System.getLogger("io.portcullis.filters");

    private final HardeningPolicy policy;
    private final ProxyResolver resolver;
    private final HostCheck hostCheck;
    private final HeaderWriters writers;
    private final CookieRules cookies;
    private final boolean reportOnlyCookies;
    private final boolean nonce;
    private final Set<String> removed;
    private final AtomicReference<String> untrustedForwarder = new AtomicReference<>();
    private final AtomicReference<String> mixedProxy = new AtomicReference<>();
    private final AtomicReference<String> csrfUnparsed = new AtomicReference<>();

    Engine(HardeningPolicy policy, Set<Part> parts) {
        Set<Part> p = EnumSet.copyOf(parts);
        this.policy = policy;
        this.resolver = new ProxyResolver(ProxyPolicy.cidrs(policy.trustedProxies()), policy.proxyHeaders());
        this.hostCheck = p.contains(Part.HTTPS) ? new HostCheck(policy.httpsPolicy()) : null;
        this.writers = new HeaderWriters(policy, p);
        this.cookies = p.contains(Part.COOKIES) ? new CookieRules(policy.cookiePolicy()) : null;
        this.reportOnlyCookies = policy.reportOnlyCookies();
        this.nonce = p.contains(Part.CSP) && writers.usesNonce();
        Set<String> r = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (p.contains(Part.HEADERS)) {
            r.addAll(policy.removeHeaders());
        }
        this.removed = r;
    }

    HardeningPolicy policy() {
        return policy;
    }

    /** Logs the deploy check as one block, when the policy asks for it. */
    void logCheck(String filterName, jakarta.servlet.ServletContext context) {
        if (policy.logDeployCheck()) {
            List<DeployCheck.Finding> findings = DeployCheck.run(policy, context);
            LOG.log(findings.stream().anyMatch(f -> f.severity() != DeployCheck.Severity.INFO) ? Level.WARNING : Level.INFO,
                    DeployCheck.report(filterName, policy, findings));
        }
    }

    /**
     * What was seen at runtime that the deploy check reports: untrusted forwarders, mixed header
     * families, unmapped ports.
     */
    List<DeployCheck.Finding> runtimeFindings() {
        List<DeployCheck.Finding> out = new ArrayList<>();
        if (untrustedForwarder.get() != null) {
            out.add(new DeployCheck.Finding("FORWARDED_FROM_UNTRUSTED_PEER", DeployCheck.Severity.WARNING,
                    "forwarding headers arrived from " + untrustedForwarder.get()
                            + ", which is not trusted; they were ignored",
                    "portcullis.proxy.trusted"));
        }
        if (mixedProxy.get() != null) {
            out.add(new DeployCheck.Finding("PROXY_HEADERS_MIXED", DeployCheck.Severity.WARNING,
                    mixedMessage(mixedProxy.get()), "portcullis.proxy.headers"));
        }
        if (csrfUnparsed.get() != null) {
            out.add(new DeployCheck.Finding("CSRF_MULTIPART_UNPARSED", DeployCheck.Severity.WARNING,
                    csrfUnparsedMessage(csrfUnparsed.get()), "portcullis.upload.paths"));
        }
        int port = hostCheck == null ? 0 : hostCheck.unmappedPort();
        if (port != 0) {
            out.add(new DeployCheck.Finding("HTTPS_PORT_UNMAPPED", DeployCheck.Severity.WARNING,
                    "a plain-HTTP request arrived on port " + port
                            + ", which the port map does not cover; it was redirected to port 443",
                    "portcullis.https.port-map"));
        }
        return out;
    }

    private static String csrfUnparsedMessage(String path) {
        return "CsrfFilter received a multipart request to " + path + " that UploadGuardFilter had not parsed, so its"
                + " CSRF field cannot be read: map UploadGuardFilter before CsrfFilter on that path (or send the token in"
                + " the X-CSRF-Token header)";
    }

    private String mixedMessage(String peer) {
        boolean forwarded = policy.proxyHeaders() == HardeningPolicy.ProxyHeaders.FORWARDED;
        return "requests from trusted proxy " + peer + " carry both Forwarded and X-Forwarded-* headers; only "
                + (forwarded ? "Forwarded" : "X-Forwarded-*") + " is read (portcullis.proxy.headers="
                + policy.proxyHeaders().token() + "), make the proxy remove the other family (nginx: proxy_set_header "
                + (forwarded ? "X-Forwarded-For" : "Forwarded") + " \"\";)";
    }

    void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        // computed once per request: a Portcullis filter that ran before (à-la-carte chain, forward,
        // error or async dispatch) stored it, and its nonce holder with it
        Object stored = request.getAttribute(EffectiveRequest.ATTRIBUTE);
        EffectiveRequest eff;
        if (stored instanceof EffectiveRequest e) {
            eff = e;
        } else {
            eff = resolver.compute(request);
            request.setAttribute(EffectiveRequest.ATTRIBUTE, eff);
        }
        if (eff.forwardedFromUntrustedPeer() && untrustedForwarder.compareAndSet(null, eff.clientAddress())) {
            LOG.log(Level.WARNING, "Portcullis: forwarding headers (Forwarded / X-Forwarded-*) arrived from "
                    + eff.clientAddress() + ", which is not a trusted proxy; they were ignored. If it is your proxy, "
                    + "add it to portcullis.proxy.trusted");
        }
        if (eff.mixedProxyHeaders() && mixedProxy.compareAndSet(null, request.getRemoteAddr())) {
            LOG.log(Level.WARNING, "Portcullis: " + mixedMessage(request.getRemoteAddr()));
        }
        CspNonce holder = null;
        if (nonce) {
            // no effective request stored: no Portcullis filter ran for this request, and only one creates a
            // holder (after storing the effective request), so there is none to find: one look-up less
            Object n = stored == null ? null : request.getAttribute(CspNonce.ATTRIBUTE);
            if (n == null) {
                holder = new CspNonce();
                request.setAttribute(CspNonce.ATTRIBUTE, holder);
            } else if (n instanceof CspNonce c) {
                holder = c;
            }
        }
        HardeningResponse wrapped = new HardeningResponse(response, this, holder, eff.isSecure(),
                writers.noStore(request));
        HardeningRequest app = needsRequestWrapper(request, eff) ? HardeningRequest.of(request, wrapped, eff) : null;
        try {
            if (hostCheck != null && request.getDispatcherType() == DispatcherType.REQUEST
                    && !hostCheck.admit(request, wrapped, eff)) {
                return;
            }
            chain.doFilter(app != null ? app : request, wrapped);
            Object unparsed = request.getAttribute(DeployCheck.CSRF_MULTIPART_UNPARSED);
            if (unparsed != null && csrfUnparsed.compareAndSet(null, unparsed.toString())) {
                LOG.log(Level.WARNING, "Portcullis: " + csrfUnparsedMessage(unparsed.toString()));
            }
        } finally {
            if (app == null || !app.defersHeaders()) {
                wrapped.beforeCommit();
            }
        }
    }

    /**
     * Whether the application gets a {@link HardeningRequest}. It keeps an asynchronous response on
     * the hardened path, so it is needed whenever the request may start async; when
     * {@code isAsyncSupported()} is false here it stays false for everything downstream (a filter or
     * servlet can only turn it off) and {@code startAsync} throws {@code IllegalStateException}
     * (Servlet 6.0 §2.3.3.3, {@code ServletRequest#startAsync}), so the wrapper has nothing to do:
     * 24 bytes less per request. A request that carries forwarding headers is always wrapped: from
     * a trusted proxy the wrapper presents the client's view, and from any peer it hides the headers.
     */
    static boolean needsRequestWrapper(HttpServletRequest request, EffectiveRequest eff) {
        return request.isAsyncSupported() || eff.carriesForwardingHeaders();
    }

    /** The servlet path plus path info, "/" when both are empty. */
    static String pathOf(HttpServletRequest request) {
        String sp = request.getServletPath();
        String pi = request.getPathInfo();
        if (pi == null) {
            return sp == null || sp.isEmpty() ? "/" : sp;
        }
        String p = (sp == null ? "" : sp) + pi;
        return p.isEmpty() ? "/" : p;
    }

    /** The redirect target (see {@link HostCheck#target}). */
    String target(HttpServletRequest request, EffectiveRequest eff) {
        return (hostCheck != null ? hostCheck : new HostCheck(policy.httpsPolicy())).target(request, eff);
    }

    /** Writes the headers this engine owns. Called once, before commit (from any thread). */
    void writeHeaders(boolean secure, boolean noStore, CspNonce nonce, HttpServletResponse response) {
        writers.write(secure, noStore, nonce, response);
    }

    boolean rewritesCookies() {
        return cookies != null;
    }

    boolean isRemoved(String name) {
        return name != null && !removed.isEmpty() && removed.contains(name);
    }

    /** The hardened line for a Set-Cookie header value (or the original in report-only mode). */
    String cookieFromHeader(String header, boolean secure) {
        SetCookie in = SetCookie.parse(header);
        List<String> changes = reportOnlyCookies ? new ArrayList<>() : null;
        String line = cookies.rewrite(in.name, in.value, new ArrayList<>(in.attributes), secure, changes);
        if (line == null) {
            return header;
        }
        if (reportOnlyCookies) {
            LOG.log(Level.INFO, "Portcullis report-only: would rewrite cookie " + in.name + ": " + changes);
            return header;
        }
        return line;
    }

    /** The hardened line for a Cookie object; null in report-only mode (the container serializes it unchanged). */
    String cookieFromObject(Cookie cookie, boolean secure) {
        String name = cookie.getName();
        String value = SetCookie.valueOf(cookie);
        if (!reportOnlyCookies && cookie.getAttributes().isEmpty()) {
            return cookies.bare(name, value, secure); // the common case: one string, no attribute list
        }
        List<SetCookie.Attribute> attrs = SetCookie.attributesOf(cookie);
        List<String> changes = reportOnlyCookies ? new ArrayList<>() : null;
        String line = cookies.rewrite(name, value, attrs, secure, changes);
        if (reportOnlyCookies) {
            if (line != null) {
                LOG.log(Level.INFO, "Portcullis report-only: would rewrite cookie " + name + ": " + changes);
            }
            return null;
        }
        return line != null ? line : SetCookie.format(name, value, attrs);
    }
}
