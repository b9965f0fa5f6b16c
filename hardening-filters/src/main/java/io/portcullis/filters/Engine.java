package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Problem;
import io.portcullis.core.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared machinery behind {@link HardeningFilter} and every à-la-carte filter: each filter
 * is an {@code Engine} with a set of {@link Part}s, so there is one implementation of each
 * protection. Everything that depends only on the policy (header values, patterns, CIDRs) is
 * computed here once.
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
    private final Set<Part> parts;
    private final ProxyResolver resolver;
    private final CookieRules cookies;
    private final List<String[]> staticHeaders;
    private final Set<String> removed;
    private final AtomicReference<String> untrustedForwarder = new AtomicReference<>();
    private final AtomicBoolean loopLogged = new AtomicBoolean();

    Engine(HardeningPolicy policy, Set<Part> parts) {
        this.policy = policy;
        this.parts = EnumSet.copyOf(parts);
        this.resolver = new ProxyResolver(policy.trustedCidrs, policy.proxyHeaders());
        this.cookies = new CookieRules(policy);
        List<String[]> h = new ArrayList<>();
        if (parts.contains(Part.HEADERS)) {
            add(h, "X-Content-Type-Options", policy.contentTypeOptions() == HardeningPolicy.ContentTypeOptions.OFF ? null : "nosniff");
            add(h, "X-Frame-Options", policy.frameOptions() == HardeningPolicy.FrameOptions.OFF ? null : policy.frameOptions().token());
            add(h, "Referrer-Policy", policy.referrerPolicy().isEmpty() || policy.referrerPolicy().contains(HardeningPolicy.ReferrerPolicy.OFF)
                    ? null : policy.referrerTokens());
            add(h, "Cross-Origin-Opener-Policy", off(policy.crossOriginOpenerPolicy().token()));
            add(h, "Cross-Origin-Resource-Policy", off(policy.crossOriginResourcePolicy().token()));
            add(h, "Cross-Origin-Embedder-Policy", off(policy.crossOriginEmbedderPolicy().token()));
            add(h, "Permissions-Policy", policy.permissionsPolicy());
            add(h, "X-Permitted-Cross-Domain-Policies", off(policy.permittedCrossDomainPolicies().token()));
        }
        this.staticHeaders = List.copyOf(h);
        Set<String> r = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (parts.contains(Part.HEADERS)) {
            r.addAll(policy.removeHeaders());
        }
        this.removed = r;
    }

    private static String off(String token) {
        return "off".equals(token) ? null : token;
    }

    private static void add(List<String[]> list, String name, String value) {
        if (value != null) {
            list.add(new String[] {name, value});
        }
    }

    HardeningPolicy policy() {
        return policy;
    }

    /** The policy of a filter: the one given in code, else read from its init-params, file and -D. */
    static HardeningPolicy policyFor(FilterConfig config, HardeningPolicy given, String filterName) throws ServletException {
        if (given != null) {
            return given;
        }
        try {
            return HardeningPolicy.fromSettings(Settings.from(config));
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, filterName + " not started: " + e.getMessage());
            throw new ServletException(filterName + ": " + e.getMessage(), e);
        }
    }

    /** Logs the deploy check as one block, when the policy asks for it. */
    void logCheck(String filterName, jakarta.servlet.ServletContext context) {
        if (policy.logDeployCheck()) {
            List<DeployCheck.Finding> findings = DeployCheck.run(policy, context);
            LOG.log(findings.stream().anyMatch(f -> f.severity() != DeployCheck.Severity.INFO) ? Level.WARNING : Level.INFO,
                    DeployCheck.report(filterName, policy, findings));
        }
    }

    /** The untrusted peer seen sending forwarding headers, if any (for the deploy check). */
    String untrustedForwarder() {
        return untrustedForwarder.get();
    }

    void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        EffectiveRequest eff = resolver.resolve(request);
        if (eff.forwardedFromUntrustedPeer() && untrustedForwarder.compareAndSet(null, eff.clientAddress())) {
            LOG.log(Level.WARNING, "Portcullis: forwarding headers (Forwarded / X-Forwarded-*) arrived from " + eff.clientAddress()
                    + ", which is not a trusted proxy; they were ignored. If it is your proxy, add it to portcullis.proxy.trusted");
        }
        if (parts.contains(Part.CSP) && request.getAttribute(CspNonce.ATTRIBUTE) == null
                && (policy.parsedCsp != null && policy.parsedCsp.usesNonce()
                || policy.parsedCspReportOnly != null && policy.parsedCspReportOnly.usesNonce())) {
            request.setAttribute(CspNonce.ATTRIBUTE, new CspNonce());
        }
        HardeningResponse wrapped = new HardeningResponse(response, this, request, eff);
        HardeningRequest app = new HardeningRequest(request, wrapped);
        try {
            if (parts.contains(Part.HTTPS) && request.getDispatcherType() == DispatcherType.REQUEST && !checkHttps(request, wrapped, eff)) {
                return;
            }
            chain.doFilter(app, wrapped);
        } finally {
            if (!app.defersHeaders()) {
                wrapped.beforeCommit();
            }
        }
    }

    /** Host check and redirect; false when the answer has been sent. */
    private boolean checkHttps(HttpServletRequest request, HardeningResponse response, EffectiveRequest eff) throws IOException {
        if (!policy.isAllowedHost(eff.host().orElse(null))) {
            String shown = String.valueOf(eff.host().orElse(request.getHeader("Host")));
            if (policy.reportOnlyHttps()) {
                LOG.log(Level.WARNING, "Portcullis report-only: would refuse Host " + quote(shown) + " (not in portcullis.hosts.allowed)");
                return true;
            }
            Problem.of(400, "HOST_NOT_ALLOWED", "Host not allowed")
                    .detail("The Host of this request is not one this site answers to.")
                    .write(response);
            return false;
        }
        if (eff.isSecure() || !policy.httpsRedirect() || policy.exemptPatterns.matches(pathOf(request))) {
            return true;
        }
        String target = target(request, eff);
        if (target == null) {
            Problem.of(400, "REDIRECT_TARGET_INVALID", "Bad request target")
                    .detail("The request target contains control characters.")
                    .write(response);
            return false;
        }
        if (eff.untrustedPeerClaimsHttps()) {
            // logged loudly once, then at DEBUG, so a client sending the header cannot flood the log
            LOG.log(loopLogged.getAndSet(true) ? Level.DEBUG : Level.ERROR, "Portcullis: refusing to redirect " + request.getMethod() + " " + quote(current(request, eff)) + " to "
                    + quote(target) + ": the request came from " + eff.clientAddress() + " with X-Forwarded-Proto/Forwarded saying https, "
                    + "so the redirect would point at the very URL requested and loop; the proxy is not trusted: "
                    + "add its address to portcullis.proxy.trusted");
            Problem.of(500, "REDIRECT_LOOP", "Redirect loop refused")
                    .detail("The server is misconfigured (proxy not trusted); see the server log.")
                    .write(response);
            return false;
        }
        int status = isSafe(request.getMethod()) ? policy.redirectStatusForGet() : policy.redirectStatusForOther();
        if (policy.reportOnlyHttps()) {
            LOG.log(Level.INFO, "Portcullis report-only: would redirect " + request.getMethod() + " " + quote(current(request, eff))
                    + " with " + status + " to " + quote(target));
            return true;
        }
        response.setStatus(status);
        response.setHeader("Location", target);
        response.setContentLength(0);
        response.flushBuffer();
        return false;
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private static String pathOf(HttpServletRequest request) {
        String sp = request.getServletPath();
        String pi = request.getPathInfo();
        String p = (sp == null ? "" : sp) + (pi == null ? "" : pi);
        return p.isEmpty() ? "/" : p;
    }

    private static String current(HttpServletRequest request, EffectiveRequest eff) {
        String q = request.getQueryString();
        return eff.scheme() + "://" + eff.host().orElse("?") + ":" + eff.port() + request.getRequestURI() + (q == null ? "" : "?" + q);
    }

    /**
     * {@code https://host[:port]<raw path>[?<raw query>]}; null when the target holds control
     * characters (CR/LF injection). Non-ASCII bytes are percent-encoded (RFC 3986 §2.1).
     */
    String target(HttpServletRequest request, EffectiveRequest eff) {
        String host;
        int port;
        if (policy.canonicalHost() != null) {
            HostPort c = HostPort.parse(policy.canonicalHost());
            host = c.host;
            port = c.port > 0 ? c.port : policy.portMap().getOrDefault(eff.port(), 443);
        } else {
            host = eff.host().orElseThrow();
            port = policy.portMap().getOrDefault(eff.port(), 443);
        }
        String q = request.getQueryString();
        String rest = request.getRequestURI() + (q == null ? "" : "?" + q);
        StringBuilder b = new StringBuilder("https://").append(host);
        if (port != 443) {
            b.append(':').append(port);
        }
        for (byte x : rest.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
            if (c >= 0x80 || c == ' ') {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Writes the headers this engine owns, never replacing one the application set. Called once, before commit (from any thread). */
    void writeHeaders(HttpServletRequest request, EffectiveRequest eff, HttpServletResponse response) {
        for (String name : removed) {
            if (response.containsHeader(name)) {
                response.setHeader(name, null);
            }
        }
        if (parts.contains(Part.HSTS) && policy.hsts() && eff.isSecure() && !response.containsHeader("Strict-Transport-Security")) {
            response.setHeader("Strict-Transport-Security", policy.hstsValue);
        }
        for (String[] h : staticHeaders) {
            if (!response.containsHeader(h[0])) {
                response.setHeader(h[0], h[1]);
            }
        }
        if (parts.contains(Part.HEADERS) && !policy.noStorePatterns.isEmpty() && policy.noStorePatterns.matches(pathOf(request))
                && !response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (parts.contains(Part.CSP)) {
            String nonce = CspNonce.find(request).filter(CspNonce::isUsed).map(CspNonce::value).orElse(null);
            if (policy.parsedCsp != null && !response.containsHeader("Content-Security-Policy")) {
                response.setHeader("Content-Security-Policy", policy.parsedCsp.render(nonce));
            }
            if (policy.parsedCspReportOnly != null && !response.containsHeader("Content-Security-Policy-Report-Only")) {
                response.setHeader("Content-Security-Policy-Report-Only", policy.parsedCspReportOnly.render(nonce));
            }
        }
    }

    boolean rewritesCookies() {
        return parts.contains(Part.COOKIES);
    }

    boolean isRemoved(String name) {
        return name != null && removed.contains(name);
    }

    /** The hardened line for a Set-Cookie header value (or the original in report-only mode). */
    String cookieFromHeader(String header, EffectiveRequest eff) {
        SetCookie in = SetCookie.parse(header);
        CookieRules.Outcome out = cookies.apply(in, eff.isSecure());
        if (out.changes().isEmpty()) {
            return header;
        }
        if (policy.reportOnlyCookies()) {
            LOG.log(Level.INFO, "Portcullis report-only: would rewrite cookie " + in.name + ": " + out.changes());
            return header;
        }
        return out.cookie().toString();
    }

    /** The hardened line for a Cookie object; null in report-only mode (the container serializes it unchanged). */
    String cookieFromObject(Cookie cookie, EffectiveRequest eff) {
        SetCookie in = SetCookie.of(cookie);
        CookieRules.Outcome out = cookies.apply(in, eff.isSecure());
        if (policy.reportOnlyCookies()) {
            if (!out.changes().isEmpty()) {
                LOG.log(Level.INFO, "Portcullis report-only: would rewrite cookie " + in.name + ": " + out.changes());
            }
            return null;
        }
        return out.cookie().toString();
    }

    private static String quote(String s) {
        return ConfigException.quote(s);
    }
}
