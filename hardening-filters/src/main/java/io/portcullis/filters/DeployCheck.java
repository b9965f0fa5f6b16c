package io.portcullis.filters;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deploy self-check (after Django's {@code check --deploy}): what in a policy, or in the
 * webapp it runs in, weakens the site. Each {@link Finding} has a stable id, a severity, a
 * message and the key that fixes it. {@link HardeningFilter} logs the findings as one block
 * at init; code and tests call {@link #run(HardeningPolicy)}.
 */
public final class DeployCheck {

    /** How bad a finding is. */
    public enum Severity {
        /** A protection is off or broken. */
        ERROR,
        /** A protection is weaker than recommended, or in report-only mode. */
        WARNING,
        /** Worth knowing before going live. */
        INFO
    }

    /** One finding: stable id ({@code HSTS_OFF}), severity, message and the key that changes it. */
    public static final class Finding {
        private final String id;
        private final Severity severity;
        private final String message;
        private final String key;

        Finding(String id, Severity severity, String message, String key) {
            this.id = id;
            this.severity = severity;
            this.message = message;
            this.key = key;
        }

        public String id() {
            return id;
        }

        public Severity severity() {
            return severity;
        }

        public String message() {
            return message;
        }

        /** The configuration key that fixes or explains it. */
        public String key() {
            return key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Finding f && id.equals(f.id) && severity == f.severity && message.equals(f.message) && key.equals(f.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, severity, message, key);
        }

        @Override
        public String toString() {
            return severity + " " + id + ": " + message + " [" + key + "]";
        }
    }

    private DeployCheck() {
    }

    /** The findings for a policy alone. */
    public static List<Finding> run(HardeningPolicy p) {
        return run(p, null);
    }

    /** The findings for a policy and, when given, the webapp's session cookie configuration. */
    public static List<Finding> run(HardeningPolicy p, ServletContext context) {
        List<Finding> out = new ArrayList<>();
        if (!p.httpsRedirect()) {
            out.add(new Finding("HTTPS_REDIRECT_OFF", Severity.ERROR, "plain-HTTP requests are served, not redirected to HTTPS",
                    "portcullis.https.redirect"));
        }
        if (p.reportOnlyHttps()) {
            out.add(new Finding("HTTPS_REPORT_ONLY", Severity.WARNING, "redirect and Host check only log (report-only left on)",
                    "portcullis.report-only.https"));
        }
        if (!p.hsts()) {
            out.add(new Finding("HSTS_OFF", Severity.ERROR, "no Strict-Transport-Security header", "portcullis.hsts.enabled"));
        } else if (p.hstsClear()) {
            out.add(new Finding("HSTS_CLEAR", Severity.WARNING, "HSTS is being cleared (max-age=0): browsers forget it",
                    "portcullis.hsts.clear"));
        } else if (p.hstsMaxAge() < 15_552_000L) {
            out.add(new Finding("HSTS_SHORT", Severity.WARNING, "HSTS max-age " + p.hstsMaxAge()
                    + " is under 6 months (15552000); use 31536000 once HTTPS works everywhere", "portcullis.hsts.max-age"));
        }
        boolean loopbackOnly = p.canonicalHost() == null && p.allowedHosts().stream()
                .allMatch(h -> h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]"));
        if (loopbackOnly) {
            out.add(new Finding("HOSTS_LOOPBACK_ONLY", Severity.INFO, "only localhost is allowed as Host; list the public host names",
                    "portcullis.hosts.allowed"));
        }
        for (Cidr c : ProxyPolicy.cidrs(p.trustedProxies())) {
            if (c.coversEverything()) {
                out.add(new Finding("PROXY_TRUSTS_EVERYONE", Severity.ERROR, "portcullis.proxy.trusted contains " + c
                        + ": every client counts as a proxy, so any client chooses its scheme, host, port and address"
                        + " with X-Forwarded-* / Forwarded; list only your proxies' addresses", "portcullis.proxy.trusted"));
                break;
            }
        }
        if (p.cookieSecure() == HardeningPolicy.CookieSecure.OFF) {
            out.add(new Finding("COOKIES_NOT_SECURE", Severity.ERROR, "cookies do not get the Secure attribute", "portcullis.cookies.secure"));
        }
        if (!p.cookieHttpOnly()) {
            out.add(new Finding("COOKIES_HTTPONLY_OFF", Severity.WARNING, "cookies do not get HttpOnly", "portcullis.cookies.http-only"));
        }
        if (p.cookieSameSite() == HardeningPolicy.SameSite.OFF || p.cookieSameSite() == HardeningPolicy.SameSite.NONE) {
            out.add(new Finding("COOKIES_SAMESITE_WEAK", Severity.WARNING, "cookies default to SameSite=" + p.cookieSameSite().token(),
                    "portcullis.cookies.same-site"));
        }
        if (p.reportOnlyCookies()) {
            out.add(new Finding("COOKIES_REPORT_ONLY", Severity.WARNING, "cookie rewriting only logs (report-only left on)",
                    "portcullis.report-only.cookies"));
        }
        Csp csp = p.cspPolicy().enforced();
        if (csp == null) {
            out.add(new Finding("CSP_OFF", Severity.WARNING, p.contentSecurityPolicyReportOnly() == null ? "no Content-Security-Policy"
                    : "Content-Security-Policy is report-only", "portcullis.csp.policy"));
        } else {
            for (String d : List.of("default-src", "script-src", "style-src")) {
                if (csp.sources(d).contains("'unsafe-inline'") && !csp.usesNonce()) {
                    out.add(new Finding("CSP_UNSAFE_INLINE", Severity.WARNING, d + " allows 'unsafe-inline'", "portcullis.csp.policy"));
                }
                if (csp.sources(d).contains("'unsafe-eval'")) {
                    out.add(new Finding("CSP_UNSAFE_EVAL", Severity.WARNING, d + " allows 'unsafe-eval'", "portcullis.csp.policy"));
                }
            }
            if (!csp.has("default-src")) {
                out.add(new Finding("CSP_NO_DEFAULT_SRC", Severity.WARNING, "the policy has no default-src",
                        "portcullis.csp.dangerously-disable-default-src"));
            }
        }
        if (p.frameOptions() == HardeningPolicy.FrameOptions.OFF && (csp == null || !csp.has("frame-ancestors"))) {
            out.add(new Finding("FRAMING_ALLOWED", Severity.WARNING, "neither X-Frame-Options nor CSP frame-ancestors: clickjacking",
                    "portcullis.headers.frame-options"));
        }
        SessionCookieConfig s = context == null ? null : context.getSessionCookieConfig();
        // null: a context without session support has no cookie to check; after a Portcullis
        // component failed to start, its own one-line error is the finding (no misleading follow-up)
        if (s != null && p.sessionCookie() && !io.portcullis.core.StartupFailure.failed(context)) {
            boolean secureWanted = p.cookieSecure() != HardeningPolicy.CookieSecure.OFF;
            if (secureWanted && !s.isSecure() || !s.isHttpOnly() || s.getAttribute("SameSite") == null) {
                out.add(new Finding("SESSION_COOKIE_NOT_HARDENED", Severity.ERROR, "the container's session cookie lacks "
                        + (secureWanted && !s.isSecure() ? "Secure " : "") + (!s.isHttpOnly() ? "HttpOnly " : "")
                        + (s.getAttribute("SameSite") == null ? "SameSite" : "")
                        + "; is SessionCookieHardener registered (META-INF/services or a <listener>)?", "portcullis.cookies.session"));
            }
        }
        if (context != null) {
            csrf(context, out);
        }
        return List.copyOf(out);
    }

    /** csrf's filter, by name: hardening-filters knows no other Portcullis module. */
    static final String CSRF_FILTER = "io.portcullis.csrf.CsrfFilter";
    /**
     * The request attribute csrf's {@code CsrfFilter.MULTIPART_UNPARSED} sets (the path) when an unsafe
     * multipart request reached it before {@code UploadGuardFilter} had parsed the body: seen at run time,
     * reported as {@code CSRF_MULTIPART_UNPARSED} (the order of filter mappings cannot be read at start).
     */
    static final String CSRF_MULTIPART_UNPARSED = "io.portcullis.csrf.multipart-unparsed";

    /**
     * {@code CSRF_PROTECTION_MISSING} (WARNING) when the webapp serves servlets but registers no
     * CSRF protection: neither csrf's {@code CsrfFilter} nor Spring Security's filter chain (which
     * has its own). HardeningFilter's headers and SameSite cookies do not stop a form posted from
     * another site by an older browser or from a sibling sub-domain. Registration order cannot be
     * read through the Servlet API, so whether {@code CsrfFilter} runs after {@code
     * UploadGuardFilter} is not checked here: that shows at run time ({@code CSRF_MULTIPART_UNPARSED},
     * {@link HardeningFilter#findings()}).
     */
    private static void csrf(ServletContext context, List<Finding> out) {
        Map<String, ? extends FilterRegistration> filters;
        Map<String, ? extends jakarta.servlet.ServletRegistration> servlets;
        try {
            filters = context.getFilterRegistrations();
            servlets = context.getServletRegistrations();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            return; // a listener-provided context that does not expose registrations
        }
        if (filters == null || servlets == null || servlets.isEmpty()) {
            return;
        }
        for (Map.Entry<String, ? extends FilterRegistration> e : filters.entrySet()) {
            String cls = e.getValue() == null ? null : e.getValue().getClassName();
            if (CSRF_FILTER.equals(cls) || "springSecurityFilterChain".equals(e.getKey())
                    || cls != null && cls.startsWith("org.springframework.security.")) {
                return;
            }
        }
        out.add(new Finding("CSRF_PROTECTION_MISSING", Severity.WARNING, "no CSRF protection is registered (map "
                + CSRF_FILTER + " after UploadGuardFilter, or use Spring Security's): forms and other unsafe routes"
                + " can be posted from another site", "portcullis.csrf"));
    }

    /** The one log block: the effective policy, then each finding on its own line. */
    static String report(String source, HardeningPolicy p, List<Finding> findings) {
        StringBuilder b = new StringBuilder("Portcullis ").append(source).append(" effective policy:\n");
        for (String line : p.toString().split("\n")) {
            b.append("  ").append(line).append('\n');
        }
        if (findings.isEmpty()) {
            b.append("  deploy check: no findings");
        } else {
            b.append("  deploy check: ").append(findings.size()).append(findings.size() == 1 ? " finding" : " findings");
            for (Finding f : findings) {
                b.append("\n    ").append(f);
            }
        }
        return b.toString();
    }
}
