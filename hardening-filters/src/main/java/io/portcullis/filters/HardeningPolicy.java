package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import io.portcullis.core.WireToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole hardening configuration: HTTPS redirect, allowed hosts, trusted proxies, HSTS,
 * cookies, security headers and Content-Security-Policy. Immutable; made with {@link #builder()},
 * {@link #defaults()}, {@link #toBuilder()} or {@link #fromSettings(Settings)} (the one bridge
 * from {@code portcullis.*} keys). Every value is validated once, in {@link Builder#build()}.
 *
 * <p>Every key, its default and its meaning are listed in {@link #KEYS} and in
 * {@code docs/hardening-filters.md}.
 */
public final class HardeningPolicy {

    /** The strict default policy (OWASP Secure Headers Project, nonce-based scripts and styles). */
    public static final String DEFAULT_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + "form-action 'self'; script-src 'self' {nonce}; style-src 'self' {nonce}";
    /** The default Permissions-Policy: every powerful feature off, as the OWASP Secure Headers Project recommends. */
    public static final String DEFAULT_PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), "
            + "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), "
            + "magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
            + "screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=()";
    /** One year, the HSTS default and the preload minimum. */
    public static final long ONE_YEAR = 31_536_000L;
    /** The longest HSTS max-age accepted (two years). */
    public static final long MAX_HSTS = 63_072_000L;

    /** Every key this module reads, with its default as written in configuration. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("portcullis.https.redirect", "true");
        k.put("portcullis.https.get-status", "301");
        k.put("portcullis.https.other-status", "308");
        k.put("portcullis.https.port-map", "80:443,8080:8443");
        k.put("portcullis.https.exempt", "");
        k.put("portcullis.hosts.allowed", "localhost,127.0.0.1,[::1]");
        k.put("portcullis.hosts.canonical", "");
        k.put("portcullis.proxy.trusted", "");
        k.put("portcullis.proxy.headers", "auto");
        k.put("portcullis.hsts.enabled", "true");
        k.put("portcullis.hsts.max-age", Long.toString(ONE_YEAR));
        k.put("portcullis.hsts.include-subdomains", "true");
        k.put("portcullis.hsts.preload", "false");
        k.put("portcullis.hsts.clear", "false");
        k.put("portcullis.cookies.secure", "when-secure");
        k.put("portcullis.cookies.http-only", "true");
        k.put("portcullis.cookies.http-only-exempt", "");
        k.put("portcullis.cookies.same-site", "Lax");
        k.put("portcullis.cookies.same-site-overrides", "");
        k.put("portcullis.cookies.partitioned", "false");
        k.put("portcullis.cookies.session", "true");
        k.put("portcullis.headers.content-type-options", "nosniff");
        k.put("portcullis.headers.frame-options", "DENY");
        k.put("portcullis.headers.referrer-policy", "no-referrer");
        k.put("portcullis.headers.cross-origin-opener-policy", "same-origin");
        k.put("portcullis.headers.cross-origin-resource-policy", "same-origin");
        k.put("portcullis.headers.cross-origin-embedder-policy", "off");
        k.put("portcullis.headers.permissions-policy", DEFAULT_PERMISSIONS_POLICY);
        k.put("portcullis.headers.permitted-cross-domain-policies", "none");
        k.put("portcullis.headers.no-store-paths", "");
        k.put("portcullis.headers.remove", "Server,X-Powered-By");
        k.put("portcullis.csp.policy", DEFAULT_CSP);
        k.put("portcullis.csp.report-only-policy", "off");
        k.put("portcullis.csp.dangerously-disable-default-src", "false");
        k.put("portcullis.check.log", "true");
        k.put("portcullis.report-only.https", "false");
        k.put("portcullis.report-only.cookies", "false");
        KEYS = Collections.unmodifiableMap(k);
    }

    /** The areas ({@code portcullis.<area>.…}) this module owns. */
    static final Set<String> AREAS = Set.of("https", "hosts", "proxy", "hsts", "cookies", "headers", "csp", "check", "report-only");

    /** Which forwarding headers a trusted proxy may use. */
    public enum ProxyHeaders implements WireToken {
        /** RFC 7239 {@code Forwarded} when present, else {@code X-Forwarded-*}. */
        AUTO("auto"),
        /** Only RFC 7239 {@code Forwarded}. */
        FORWARDED("forwarded"),
        /** Only {@code X-Forwarded-Proto/Host/Port/For}. */
        X_FORWARDED("x-forwarded");

        private final String token;

        ProxyHeaders(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** When cookies get {@code Secure}. */
    public enum CookieSecure implements WireToken {
        /** When the effective request is HTTPS. */
        WHEN_SECURE("when-secure"),
        /** Always. */
        ALWAYS("always"),
        /** Never added by Portcullis (the prefix and SameSite=None rules still apply). */
        OFF("off");

        private final String token;

        CookieSecure(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** The {@code SameSite} cookie attribute (RFC 6265bis §4.1.2.7); {@code off} adds none. */
    public enum SameSite implements WireToken {
        LAX("Lax"), STRICT("Strict"), NONE("None"), OFF("off");

        private final String token;

        SameSite(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code X-Frame-Options} (RFC 7034). */
    public enum FrameOptions implements WireToken {
        DENY("DENY"), SAMEORIGIN("SAMEORIGIN"), OFF("off");

        private final String token;

        FrameOptions(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code X-Content-Type-Options}. */
    public enum ContentTypeOptions implements WireToken {
        NOSNIFF("nosniff"), OFF("off");

        private final String token;

        ContentTypeOptions(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code Referrer-Policy} tokens (W3C Referrer Policy §3). */
    public enum ReferrerPolicy implements WireToken {
        NO_REFERRER("no-referrer"), NO_REFERRER_WHEN_DOWNGRADE("no-referrer-when-downgrade"), ORIGIN("origin"),
        ORIGIN_WHEN_CROSS_ORIGIN("origin-when-cross-origin"), SAME_ORIGIN("same-origin"), STRICT_ORIGIN("strict-origin"),
        STRICT_ORIGIN_WHEN_CROSS_ORIGIN("strict-origin-when-cross-origin"), UNSAFE_URL("unsafe-url"), OFF("off");

        private final String token;

        ReferrerPolicy(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code Cross-Origin-Opener-Policy} (HTML §7.1.3). */
    public enum OpenerPolicy implements WireToken {
        SAME_ORIGIN("same-origin"), SAME_ORIGIN_ALLOW_POPUPS("same-origin-allow-popups"),
        NOOPENER_ALLOW_POPUPS("noopener-allow-popups"), UNSAFE_NONE("unsafe-none"), OFF("off");

        private final String token;

        OpenerPolicy(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code Cross-Origin-Resource-Policy} (Fetch §3.7). */
    public enum ResourcePolicy implements WireToken {
        SAME_ORIGIN("same-origin"), SAME_SITE("same-site"), CROSS_ORIGIN("cross-origin"), OFF("off");

        private final String token;

        ResourcePolicy(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code Cross-Origin-Embedder-Policy} (HTML §7.1.4); off by default, it breaks cross-origin embeds. */
    public enum EmbedderPolicy implements WireToken {
        REQUIRE_CORP("require-corp"), CREDENTIALLESS("credentialless"), UNSAFE_NONE("unsafe-none"), OFF("off");

        private final String token;

        EmbedderPolicy(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    /** {@code X-Permitted-Cross-Domain-Policies} (Adobe cross-domain policy). */
    public enum CrossDomainPolicies implements WireToken {
        NONE("none"), MASTER_ONLY("master-only"), BY_CONTENT_TYPE("by-content-type"), ALL("all"), OFF("off");

        private final String token;

        CrossDomainPolicies(String token) {
            this.token = token;
        }

        @Override
        public String token() {
            return token;
        }
    }

    private final boolean httpsRedirect;
    private final int getStatus;
    private final int otherStatus;
    private final Map<Integer, Integer> portMap;
    private final List<String> redirectExempt;
    private final List<String> allowedHosts;
    private final String canonicalHost;
    private final List<String> trustedProxies;
    private final ProxyHeaders proxyHeaders;
    private final boolean hsts;
    private final long hstsMaxAge;
    private final boolean hstsIncludeSubDomains;
    private final boolean hstsPreload;
    private final boolean hstsClear;
    private final CookieSecure cookieSecure;
    private final boolean cookieHttpOnly;
    private final List<String> cookieHttpOnlyExempt;
    private final SameSite cookieSameSite;
    private final Map<String, SameSite> cookieSameSiteOverrides;
    private final boolean cookiePartitioned;
    private final boolean sessionCookie;
    private final ContentTypeOptions contentTypeOptions;
    private final FrameOptions frameOptions;
    private final List<ReferrerPolicy> referrerPolicy;
    private final OpenerPolicy openerPolicy;
    private final ResourcePolicy resourcePolicy;
    private final EmbedderPolicy embedderPolicy;
    private final String permissionsPolicy;
    private final CrossDomainPolicies crossDomainPolicies;
    private final List<String> noStorePaths;
    private final List<String> removeHeaders;
    private final String csp;
    private final String cspReportOnly;
    private final boolean cspDisableDefaultSrc;
    private final boolean logCheck;
    private final boolean reportOnlyHttps;
    private final boolean reportOnlyCookies;

    // derived once in build()
    final List<Cidr> trustedCidrs;
    final Csp parsedCsp;
    final Csp parsedCspReportOnly;
    final PathPatterns exemptPatterns;
    final PathPatterns noStorePatterns;
    final String hstsValue;

    private HardeningPolicy(Builder b, List<Cidr> cidrs, Csp csp, Csp cspRo, PathPatterns exempt, PathPatterns noStore) {
        httpsRedirect = b.httpsRedirect;
        getStatus = b.getStatus;
        otherStatus = b.otherStatus;
        portMap = Collections.unmodifiableMap(new java.util.TreeMap<>(b.portMap));
        redirectExempt = List.copyOf(b.redirectExempt);
        allowedHosts = List.copyOf(b.allowedHosts);
        canonicalHost = b.canonicalHost;
        trustedProxies = List.copyOf(b.trustedProxies);
        proxyHeaders = b.proxyHeaders;
        hsts = b.hsts;
        hstsMaxAge = b.hstsMaxAge;
        hstsIncludeSubDomains = b.hstsIncludeSubDomains;
        hstsPreload = b.hstsPreload;
        hstsClear = b.hstsClear;
        cookieSecure = b.cookieSecure;
        cookieHttpOnly = b.cookieHttpOnly;
        cookieHttpOnlyExempt = List.copyOf(b.cookieHttpOnlyExempt);
        cookieSameSite = b.cookieSameSite;
        cookieSameSiteOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.cookieSameSiteOverrides));
        cookiePartitioned = b.cookiePartitioned;
        sessionCookie = b.sessionCookie;
        contentTypeOptions = b.contentTypeOptions;
        frameOptions = b.frameOptions;
        referrerPolicy = List.copyOf(b.referrerPolicy);
        openerPolicy = b.openerPolicy;
        resourcePolicy = b.resourcePolicy;
        embedderPolicy = b.embedderPolicy;
        permissionsPolicy = b.permissionsPolicy;
        crossDomainPolicies = b.crossDomainPolicies;
        noStorePaths = List.copyOf(b.noStorePaths);
        removeHeaders = List.copyOf(b.removeHeaders);
        this.csp = b.csp;
        cspReportOnly = b.cspReportOnly;
        cspDisableDefaultSrc = b.cspDisableDefaultSrc;
        logCheck = b.logCheck;
        reportOnlyHttps = b.reportOnlyHttps;
        reportOnlyCookies = b.reportOnlyCookies;
        trustedCidrs = List.copyOf(cidrs);
        parsedCsp = csp;
        parsedCspReportOnly = cspRo;
        exemptPatterns = exempt;
        noStorePatterns = noStore;
        hstsValue = hstsClear ? "max-age=0"
                : "max-age=" + hstsMaxAge + (hstsIncludeSubDomains ? "; includeSubDomains" : "") + (hstsPreload ? "; preload" : "");
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The secure defaults (see {@link #KEYS}). */
    public static HardeningPolicy defaults() {
        return builder().build();
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The policy described by {@code portcullis.*} settings (init-params, properties file,
     * {@code -D}); unset keys keep their defaults.
     *
     * @throws ConfigException for an unknown key (with a did-you-mean), a bad value (naming the
     *                         key, quoting the value, listing what is allowed) or a contradiction
     */
    public static HardeningPolicy fromSettings(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, KEYS.keySet(), AREAS);
        Builder b = builder();
        b.httpsRedirect(r.bool("portcullis.https.redirect", b.httpsRedirect));
        b.redirectStatusForGet(status(r, "portcullis.https.get-status", b.getStatus, List.of(301, 302, 303, 307, 308)));
        b.redirectStatusForOther(status(r, "portcullis.https.other-status", b.otherStatus, List.of(307, 308)));
        if (r.isSet("portcullis.https.port-map")) {
            b.portMap(portMap(r, "portcullis.https.port-map"));
        }
        b.redirectExempt(r.list("portcullis.https.exempt", b.redirectExempt));
        b.allowedHosts(r.list("portcullis.hosts.allowed", b.allowedHosts));
        b.canonicalHost(r.optional("portcullis.hosts.canonical").filter(s -> !s.isEmpty()).orElse(null));
        b.trustedProxies(r.list("portcullis.proxy.trusted", b.trustedProxies));
        b.proxyHeaders(r.token("portcullis.proxy.headers", b.proxyHeaders, ProxyHeaders.class));
        b.hsts(r.bool("portcullis.hsts.enabled", b.hsts));
        b.hstsMaxAge(r.longIn("portcullis.hsts.max-age", b.hstsMaxAge, 1, MAX_HSTS));
        b.hstsIncludeSubDomains(r.bool("portcullis.hsts.include-subdomains", b.hstsIncludeSubDomains));
        b.hstsPreload(r.bool("portcullis.hsts.preload", b.hstsPreload));
        b.hstsClear(r.bool("portcullis.hsts.clear", b.hstsClear));
        b.cookieSecure(r.token("portcullis.cookies.secure", b.cookieSecure, CookieSecure.class));
        b.cookieHttpOnly(r.bool("portcullis.cookies.http-only", b.cookieHttpOnly));
        b.cookieHttpOnlyExempt(r.list("portcullis.cookies.http-only-exempt", b.cookieHttpOnlyExempt));
        b.cookieSameSite(r.token("portcullis.cookies.same-site", b.cookieSameSite, SameSite.class));
        Map<String, SameSite> overrides = new LinkedHashMap<>();
        for (String entry : r.list("portcullis.cookies.same-site-overrides", List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw r.bad("portcullis.cookies.same-site-overrides", "must be a list of cookie-name=SameSite entries (SameSite: Lax, Strict, None or off)", entry);
            }
            overrides.put(entry.substring(0, eq).trim(),
                    WireToken.lookup(SameSite.class, "portcullis.cookies.same-site-overrides (" + entry.substring(0, eq).trim() + ")",
                            entry.substring(eq + 1).trim()));
        }
        b.cookieSameSiteOverrides(overrides);
        b.cookiePartitioned(r.bool("portcullis.cookies.partitioned", b.cookiePartitioned));
        b.sessionCookie(r.bool("portcullis.cookies.session", b.sessionCookie));
        b.contentTypeOptions(r.token("portcullis.headers.content-type-options", b.contentTypeOptions, ContentTypeOptions.class));
        b.frameOptions(r.token("portcullis.headers.frame-options", b.frameOptions, FrameOptions.class));
        List<ReferrerPolicy> referrer = new ArrayList<>();
        for (String t : r.list("portcullis.headers.referrer-policy", List.of(ReferrerPolicy.NO_REFERRER.token()))) {
            referrer.add(WireToken.lookup(ReferrerPolicy.class, "portcullis.headers.referrer-policy", t));
        }
        b.referrerPolicy(referrer);
        b.crossOriginOpenerPolicy(r.token("portcullis.headers.cross-origin-opener-policy", b.openerPolicy, OpenerPolicy.class));
        b.crossOriginResourcePolicy(r.token("portcullis.headers.cross-origin-resource-policy", b.resourcePolicy, ResourcePolicy.class));
        b.crossOriginEmbedderPolicy(r.token("portcullis.headers.cross-origin-embedder-policy", b.embedderPolicy, EmbedderPolicy.class));
        b.permissionsPolicy(offToNull(r.string("portcullis.headers.permissions-policy", b.permissionsPolicy)));
        b.permittedCrossDomainPolicies(r.token("portcullis.headers.permitted-cross-domain-policies", b.crossDomainPolicies, CrossDomainPolicies.class));
        b.noStorePaths(r.list("portcullis.headers.no-store-paths", b.noStorePaths));
        b.removeHeaders(r.list("portcullis.headers.remove", b.removeHeaders));
        b.contentSecurityPolicy(offToNull(r.string("portcullis.csp.policy", b.csp)));
        b.contentSecurityPolicyReportOnly(offToNull(r.string("portcullis.csp.report-only-policy", "off")));
        b.dangerouslyDisableDefaultSrc(r.bool("portcullis.csp.dangerously-disable-default-src", false));
        b.logDeployCheck(r.bool("portcullis.check.log", true));
        b.reportOnlyHttps(r.bool("portcullis.report-only.https", false));
        b.reportOnlyCookies(r.bool("portcullis.report-only.cookies", false));
        return b.build();
    }

    private static String offToNull(String v) {
        return v == null || v.equals("off") ? null : v;
    }

    private static int status(ConfigReader r, String key, int def, List<Integer> allowed) {
        String v = r.optional(key).orElse(null);
        if (v == null) {
            return def;
        }
        for (Integer a : allowed) {
            if (a.toString().equals(v)) {
                return a;
            }
        }
        throw r.bad(key, "must be one of " + join(allowed), v);
    }

    private static Map<Integer, Integer> portMap(ConfigReader r, String key) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (String entry : r.list(key, List.of())) {
            if (!entry.matches("[0-9]{1,5}:[0-9]{1,5}")) {
                throw r.bad(key, "must be a list of httpPort:httpsPort pairs such as 8080:8443", entry);
            }
            String[] p = entry.split(":");
            out.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        return out;
    }

    private static String join(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }

    // ---- accessors (Javadoc: the key that sets each) ----

    /** {@code portcullis.https.redirect}: redirect insecure requests to HTTPS (default true). */
    public boolean httpsRedirect() {
        return httpsRedirect;
    }

    /** {@code portcullis.https.get-status}: status for GET and HEAD (default 301). */
    public int redirectStatusForGet() {
        return getStatus;
    }

    /** {@code portcullis.https.other-status}: status for other methods, which keeps method and body (default 308, RFC 9110 §15.4.9). */
    public int redirectStatusForOther() {
        return otherStatus;
    }

    /** {@code portcullis.https.port-map}: HTTP port → HTTPS port (default 80→443, 8080→8443; others go to 443). */
    public Map<Integer, Integer> portMap() {
        return portMap;
    }

    /** {@code portcullis.https.exempt}: paths never redirected (default none). */
    public List<String> redirectExempt() {
        return redirectExempt;
    }

    /** {@code portcullis.hosts.allowed}: hosts accepted in Host (exact, or {@code .example.com} for it and its subdomains). */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** {@code portcullis.hosts.canonical}: the host every redirect goes to, if set (with optional port). */
    public String canonicalHost() {
        return canonicalHost;
    }

    /** {@code portcullis.proxy.trusted}: CIDRs of proxies whose forwarding headers count (default none). */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** {@code portcullis.proxy.headers}: which forwarding headers count (default auto). */
    public ProxyHeaders proxyHeaders() {
        return proxyHeaders;
    }

    /** {@code portcullis.hsts.enabled} (default true). */
    public boolean hsts() {
        return hsts;
    }

    /** {@code portcullis.hsts.max-age} in seconds (default 31536000). */
    public long hstsMaxAge() {
        return hstsMaxAge;
    }

    /** {@code portcullis.hsts.include-subdomains} (default true). */
    public boolean hstsIncludeSubDomains() {
        return hstsIncludeSubDomains;
    }

    /** {@code portcullis.hsts.preload} (default false). */
    public boolean hstsPreload() {
        return hstsPreload;
    }

    /** {@code portcullis.hsts.clear}: send {@code max-age=0} to undo HSTS (default false). */
    public boolean hstsClear() {
        return hstsClear;
    }

    /** The Strict-Transport-Security value sent on secure responses. */
    public String hstsHeaderValue() {
        return hstsValue;
    }

    /** {@code portcullis.cookies.secure} (default when-secure). */
    public CookieSecure cookieSecure() {
        return cookieSecure;
    }

    /** {@code portcullis.cookies.http-only} (default true). */
    public boolean cookieHttpOnly() {
        return cookieHttpOnly;
    }

    /** {@code portcullis.cookies.http-only-exempt}: names left readable by scripts (default none). */
    public List<String> cookieHttpOnlyExempt() {
        return cookieHttpOnlyExempt;
    }

    /** {@code portcullis.cookies.same-site} (default Lax). */
    public SameSite cookieSameSite() {
        return cookieSameSite;
    }

    /** {@code portcullis.cookies.same-site-overrides}: per cookie name (default none). */
    public Map<String, SameSite> cookieSameSiteOverrides() {
        return cookieSameSiteOverrides;
    }

    /** {@code portcullis.cookies.partitioned} (default false). */
    public boolean cookiePartitioned() {
        return cookiePartitioned;
    }

    /** {@code portcullis.cookies.session}: harden the container's session cookie (default true). */
    public boolean sessionCookie() {
        return sessionCookie;
    }

    /** {@code portcullis.headers.content-type-options} (default nosniff). */
    public ContentTypeOptions contentTypeOptions() {
        return contentTypeOptions;
    }

    /** {@code portcullis.headers.frame-options} (default DENY). */
    public FrameOptions frameOptions() {
        return frameOptions;
    }

    /** {@code portcullis.headers.referrer-policy} (default no-referrer; empty when off). */
    public List<ReferrerPolicy> referrerPolicy() {
        return referrerPolicy;
    }

    /** {@code portcullis.headers.cross-origin-opener-policy} (default same-origin). */
    public OpenerPolicy crossOriginOpenerPolicy() {
        return openerPolicy;
    }

    /** {@code portcullis.headers.cross-origin-resource-policy} (default same-origin). */
    public ResourcePolicy crossOriginResourcePolicy() {
        return resourcePolicy;
    }

    /** {@code portcullis.headers.cross-origin-embedder-policy} (default off). */
    public EmbedderPolicy crossOriginEmbedderPolicy() {
        return embedderPolicy;
    }

    /** {@code portcullis.headers.permissions-policy} (default {@link #DEFAULT_PERMISSIONS_POLICY}; null when off). */
    public String permissionsPolicy() {
        return permissionsPolicy;
    }

    /** {@code portcullis.headers.permitted-cross-domain-policies} (default none). */
    public CrossDomainPolicies permittedCrossDomainPolicies() {
        return crossDomainPolicies;
    }

    /** {@code portcullis.headers.no-store-paths}: paths answered with {@code Cache-Control: no-store} (default none). */
    public List<String> noStorePaths() {
        return noStorePaths;
    }

    /** {@code portcullis.headers.remove}: response headers removed (default Server, X-Powered-By). */
    public List<String> removeHeaders() {
        return removeHeaders;
    }

    /** {@code portcullis.csp.policy} (default {@link #DEFAULT_CSP}; null when off). */
    public String contentSecurityPolicy() {
        return csp;
    }

    /** {@code portcullis.csp.report-only-policy} (default off = null). */
    public String contentSecurityPolicyReportOnly() {
        return cspReportOnly;
    }

    /** {@code portcullis.csp.dangerously-disable-default-src} (default false). */
    public boolean dangerouslyDisableDefaultSrc() {
        return cspDisableDefaultSrc;
    }

    /** {@code portcullis.check.log}: log the deploy check at init (default true). */
    public boolean logDeployCheck() {
        return logCheck;
    }

    /** {@code portcullis.report-only.https}: log redirects and host refusals instead of sending them (default false). */
    public boolean reportOnlyHttps() {
        return reportOnlyHttps;
    }

    /** {@code portcullis.report-only.cookies}: log cookie rewrites instead of applying them (default false). */
    public boolean reportOnlyCookies() {
        return reportOnlyCookies;
    }

    /** Whether {@code host} (lower case, IPv6 in brackets) is allowed by the list or is the canonical host. */
    boolean isAllowedHost(String host) {
        if (host == null) {
            return false;
        }
        if (canonicalHost != null && HostPort.parse(canonicalHost).host.equals(host)) {
            return true;
        }
        for (String a : allowedHosts) {
            String entry = a.toLowerCase(Locale.ROOT);
            if (entry.startsWith(".") ? host.equals(entry.substring(1)) || host.endsWith(entry) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardeningPolicy p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** The effective policy on one line per area, as logged at init. */
    @Override
    public String toString() {
        return "https: redirect=" + (httpsRedirect ? getStatus + "/" + otherStatus : "off") + (reportOnlyHttps ? " (report-only)" : "")
                + " port-map=" + portMap + " exempt=" + redirectExempt + "\n"
                + "hosts: allowed=" + allowedHosts + " canonical=" + (canonicalHost == null ? "none" : canonicalHost) + "\n"
                + "proxy: trusted=" + trustedProxies + " headers=" + proxyHeaders.token() + "\n"
                + "hsts: " + (hsts ? hstsValue : "off") + "\n"
                + "cookies: secure=" + cookieSecure.token() + " http-only=" + cookieHttpOnly + " exempt=" + cookieHttpOnlyExempt
                + " same-site=" + cookieSameSite.token() + " overrides=" + tokens(cookieSameSiteOverrides) + " partitioned=" + cookiePartitioned
                + " session=" + sessionCookie + (reportOnlyCookies ? " (report-only)" : "") + "\n"
                + "headers: nosniff=" + contentTypeOptions.token() + " frame=" + frameOptions.token() + " referrer=" + referrerTokens()
                + " coop=" + openerPolicy.token() + " corp=" + resourcePolicy.token() + " coep=" + embedderPolicy.token()
                + " permissions=" + (permissionsPolicy == null ? "off" : "on") + " cross-domain=" + crossDomainPolicies.token()
                + " no-store=" + noStorePaths + " remove=" + removeHeaders + "\n"
                + "csp: " + (csp == null ? "off" : csp) + (cspReportOnly == null ? "" : " | report-only: " + cspReportOnly);
    }

    String referrerTokens() {
        List<String> t = new ArrayList<>();
        referrerPolicy.forEach(r -> t.add(r.token()));
        return t.isEmpty() ? "off" : String.join(", ", t);
    }

    private static Map<String, String> tokens(Map<String, SameSite> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.token()));
        return out;
    }

    /** Builds a {@link HardeningPolicy}; starts from the defaults. Setters only store; {@link #build()} validates. */
    public static final class Builder {
        private boolean httpsRedirect = true;
        private int getStatus = 301;
        private int otherStatus = 308;
        private Map<Integer, Integer> portMap = Map.of(80, 443, 8080, 8443);
        private List<String> redirectExempt = List.of();
        private List<String> allowedHosts = List.of("localhost", "127.0.0.1", "[::1]");
        private String canonicalHost;
        private List<String> trustedProxies = List.of();
        private ProxyHeaders proxyHeaders = ProxyHeaders.AUTO;
        private boolean hsts = true;
        private long hstsMaxAge = ONE_YEAR;
        private boolean hstsIncludeSubDomains = true;
        private boolean hstsPreload;
        private boolean hstsClear;
        private CookieSecure cookieSecure = CookieSecure.WHEN_SECURE;
        private boolean cookieHttpOnly = true;
        private List<String> cookieHttpOnlyExempt = List.of();
        private SameSite cookieSameSite = SameSite.LAX;
        private Map<String, SameSite> cookieSameSiteOverrides = Map.of();
        private boolean cookiePartitioned;
        private boolean sessionCookie = true;
        private ContentTypeOptions contentTypeOptions = ContentTypeOptions.NOSNIFF;
        private FrameOptions frameOptions = FrameOptions.DENY;
        private List<ReferrerPolicy> referrerPolicy = List.of(ReferrerPolicy.NO_REFERRER);
        private OpenerPolicy openerPolicy = OpenerPolicy.SAME_ORIGIN;
        private ResourcePolicy resourcePolicy = ResourcePolicy.SAME_ORIGIN;
        private EmbedderPolicy embedderPolicy = EmbedderPolicy.OFF;
        private String permissionsPolicy = DEFAULT_PERMISSIONS_POLICY;
        private CrossDomainPolicies crossDomainPolicies = CrossDomainPolicies.NONE;
        private List<String> noStorePaths = List.of();
        private List<String> removeHeaders = List.of("Server", "X-Powered-By");
        private String csp = DEFAULT_CSP;
        private String cspReportOnly;
        private boolean cspDisableDefaultSrc;
        private boolean logCheck = true;
        private boolean reportOnlyHttps;
        private boolean reportOnlyCookies;

        private Builder() {
        }

        private Builder(HardeningPolicy p) {
            httpsRedirect = p.httpsRedirect;
            getStatus = p.getStatus;
            otherStatus = p.otherStatus;
            portMap = p.portMap;
            redirectExempt = p.redirectExempt;
            allowedHosts = p.allowedHosts;
            canonicalHost = p.canonicalHost;
            trustedProxies = p.trustedProxies;
            proxyHeaders = p.proxyHeaders;
            hsts = p.hsts;
            hstsMaxAge = p.hstsMaxAge;
            hstsIncludeSubDomains = p.hstsIncludeSubDomains;
            hstsPreload = p.hstsPreload;
            hstsClear = p.hstsClear;
            cookieSecure = p.cookieSecure;
            cookieHttpOnly = p.cookieHttpOnly;
            cookieHttpOnlyExempt = p.cookieHttpOnlyExempt;
            cookieSameSite = p.cookieSameSite;
            cookieSameSiteOverrides = p.cookieSameSiteOverrides;
            cookiePartitioned = p.cookiePartitioned;
            sessionCookie = p.sessionCookie;
            contentTypeOptions = p.contentTypeOptions;
            frameOptions = p.frameOptions;
            referrerPolicy = p.referrerPolicy;
            openerPolicy = p.openerPolicy;
            resourcePolicy = p.resourcePolicy;
            embedderPolicy = p.embedderPolicy;
            permissionsPolicy = p.permissionsPolicy;
            crossDomainPolicies = p.crossDomainPolicies;
            noStorePaths = p.noStorePaths;
            removeHeaders = p.removeHeaders;
            csp = p.csp;
            cspReportOnly = p.cspReportOnly;
            cspDisableDefaultSrc = p.cspDisableDefaultSrc;
            logCheck = p.logCheck;
            reportOnlyHttps = p.reportOnlyHttps;
            reportOnlyCookies = p.reportOnlyCookies;
        }

        public Builder httpsRedirect(boolean on) { httpsRedirect = on; return this; }
        public Builder redirectStatusForGet(int status) { getStatus = status; return this; }
        public Builder redirectStatusForOther(int status) { otherStatus = status; return this; }
        public Builder portMap(Map<Integer, Integer> map) { portMap = new LinkedHashMap<>(map); return this; }
        public Builder redirectExempt(List<String> paths) { redirectExempt = List.copyOf(paths); return this; }
        public Builder allowedHosts(List<String> hosts) { allowedHosts = List.copyOf(hosts); return this; }
        public Builder canonicalHost(String host) { canonicalHost = host; return this; }
        public Builder trustedProxies(List<String> cidrs) { trustedProxies = List.copyOf(cidrs); return this; }
        public Builder proxyHeaders(ProxyHeaders headers) { proxyHeaders = Objects.requireNonNull(headers); return this; }
        public Builder hsts(boolean on) { hsts = on; return this; }
        public Builder hstsMaxAge(long seconds) { hstsMaxAge = seconds; return this; }
        public Builder hstsIncludeSubDomains(boolean on) { hstsIncludeSubDomains = on; return this; }
        public Builder hstsPreload(boolean on) { hstsPreload = on; return this; }
        public Builder hstsClear(boolean on) { hstsClear = on; return this; }
        public Builder cookieSecure(CookieSecure mode) { cookieSecure = Objects.requireNonNull(mode); return this; }
        public Builder cookieHttpOnly(boolean on) { cookieHttpOnly = on; return this; }
        public Builder cookieHttpOnlyExempt(List<String> names) { cookieHttpOnlyExempt = List.copyOf(names); return this; }
        public Builder cookieSameSite(SameSite value) { cookieSameSite = Objects.requireNonNull(value); return this; }
        public Builder cookieSameSiteOverrides(Map<String, SameSite> byName) { cookieSameSiteOverrides = new LinkedHashMap<>(byName); return this; }
        public Builder cookiePartitioned(boolean on) { cookiePartitioned = on; return this; }
        public Builder sessionCookie(boolean on) { sessionCookie = on; return this; }
        public Builder contentTypeOptions(ContentTypeOptions value) { contentTypeOptions = Objects.requireNonNull(value); return this; }
        public Builder frameOptions(FrameOptions value) { frameOptions = Objects.requireNonNull(value); return this; }
        public Builder referrerPolicy(List<ReferrerPolicy> tokens) { referrerPolicy = List.copyOf(tokens); return this; }
        public Builder crossOriginOpenerPolicy(OpenerPolicy value) { openerPolicy = Objects.requireNonNull(value); return this; }
        public Builder crossOriginResourcePolicy(ResourcePolicy value) { resourcePolicy = Objects.requireNonNull(value); return this; }
        public Builder crossOriginEmbedderPolicy(EmbedderPolicy value) { embedderPolicy = Objects.requireNonNull(value); return this; }
        /** The Permissions-Policy value, or null for none. */
        public Builder permissionsPolicy(String value) { permissionsPolicy = value; return this; }
        public Builder permittedCrossDomainPolicies(CrossDomainPolicies value) { crossDomainPolicies = Objects.requireNonNull(value); return this; }
        public Builder noStorePaths(List<String> paths) { noStorePaths = List.copyOf(paths); return this; }
        public Builder removeHeaders(List<String> names) { removeHeaders = List.copyOf(names); return this; }
        /** The enforced policy ({@code {nonce}} marks the nonce), or null for none. */
        public Builder contentSecurityPolicy(String policy) { csp = policy; return this; }
        /** The report-only policy, or null for none (the default). */
        public Builder contentSecurityPolicyReportOnly(String policy) { cspReportOnly = policy; return this; }
        public Builder dangerouslyDisableDefaultSrc(boolean on) { cspDisableDefaultSrc = on; return this; }
        public Builder logDeployCheck(boolean on) { logCheck = on; return this; }
        public Builder reportOnlyHttps(boolean on) { reportOnlyHttps = on; return this; }
        public Builder reportOnlyCookies(boolean on) { reportOnlyCookies = on; return this; }

        /**
         * Validates everything and builds the policy.
         *
         * @throws ConfigException naming the key of the first problem
         */
        public HardeningPolicy build() {
            if (!List.of(301, 302, 303, 307, 308).contains(getStatus)) {
                throw fail("portcullis.https.get-status", "must be one of 301, 302, 303, 307, 308", Integer.toString(getStatus));
            }
            if (!List.of(307, 308).contains(otherStatus)) {
                throw fail("portcullis.https.other-status", "must be one of 307, 308 (they keep the method and body)", Integer.toString(otherStatus));
            }
            portMap.forEach((from, to) -> {
                if (from < 1 || from > 65535 || to < 1 || to > 65535) {
                    throw fail("portcullis.https.port-map", "ports must be in [1, 65535]", from + ":" + to);
                }
            });
            PathPatterns exempt = PathPatterns.of("portcullis.https.exempt", redirectExempt);
            PathPatterns noStore = PathPatterns.of("portcullis.headers.no-store-paths", noStorePaths);
            for (String h : allowedHosts) {
                String hostPart = h.startsWith(".") ? h.substring(1) : h;
                HostPort hp = HostPort.parse(hostPart);
                if (hp == null || hp.port >= 0) {
                    throw fail("portcullis.hosts.allowed", "entries must be host names or IP literals (IPv6 in brackets), "
                            + "or .example.com for a domain and its subdomains; no ports, no wildcards", h);
                }
            }
            if (canonicalHost != null && HostPort.parse(canonicalHost) == null) {
                throw fail("portcullis.hosts.canonical", "must be host or host:port (IPv6 in brackets)", canonicalHost);
            }
            List<Cidr> cidrs = new ArrayList<>();
            for (String c : trustedProxies) {
                try {
                    cidrs.add(Cidr.parse(c));
                } catch (IllegalArgumentException e) {
                    throw fail("portcullis.proxy.trusted", "entries must be IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128 ("
                            + e.getMessage() + ")", c);
                }
            }
            if (hstsMaxAge < 1 || hstsMaxAge > MAX_HSTS) {
                throw fail("portcullis.hsts.max-age", "must be an integer in [1, " + MAX_HSTS
                        + "] (to undo HSTS use portcullis.hsts.clear=true)", Long.toString(hstsMaxAge));
            }
            if (hstsPreload && (hstsMaxAge < ONE_YEAR || !hstsIncludeSubDomains)) {
                throw new ConfigException("portcullis.hsts.preload=true requires portcullis.hsts.max-age >= " + ONE_YEAR
                        + " and portcullis.hsts.include-subdomains=true; got max-age=" + hstsMaxAge
                        + ", include-subdomains=" + hstsIncludeSubDomains);
            }
            if (hstsPreload && hstsClear) {
                throw new ConfigException("portcullis.hsts.clear=true contradicts portcullis.hsts.preload=true; set one of them");
            }
            if (cookieSecure == CookieSecure.OFF) {
                if (cookieSameSite == SameSite.NONE) {
                    throw new ConfigException("portcullis.cookies.same-site=None requires Secure, but portcullis.cookies.secure=off");
                }
                cookieSameSiteOverrides.forEach((name, s) -> {
                    if (s == SameSite.NONE) {
                        throw new ConfigException("portcullis.cookies.same-site-overrides gives " + name
                                + " SameSite=None, which requires Secure, but portcullis.cookies.secure=off");
                    }
                });
                if (cookiePartitioned) {
                    throw new ConfigException("portcullis.cookies.partitioned=true requires Secure, but portcullis.cookies.secure=off");
                }
            }
            for (String name : cookieHttpOnlyExempt) {
                checkToken("portcullis.cookies.http-only-exempt", name);
            }
            for (String name : cookieSameSiteOverrides.keySet()) {
                checkToken("portcullis.cookies.same-site-overrides", name);
            }
            Set<ReferrerPolicy> seen = new LinkedHashSet<>(referrerPolicy);
            if (seen.size() != referrerPolicy.size()) {
                throw fail("portcullis.headers.referrer-policy", "must not repeat a token", tokensOf(referrerPolicy));
            }
            if (referrerPolicy.contains(ReferrerPolicy.OFF) && referrerPolicy.size() > 1) {
                throw fail("portcullis.headers.referrer-policy", "off cannot be combined with other tokens", tokensOf(referrerPolicy));
            }
            if (permissionsPolicy != null && !permissionsPolicy.matches("[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\)(\\s*,\\s*[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\))*")) {
                throw fail("portcullis.headers.permissions-policy", "must be a list of feature=(allowlist) entries such as camera=(), geolocation=(self), or off",
                        permissionsPolicy);
            }
            for (String h : removeHeaders) {
                checkToken("portcullis.headers.remove", h);
            }
            Csp parsed = csp == null ? null : Csp.parse("portcullis.csp.policy", csp, cspDisableDefaultSrc);
            Csp parsedRo = cspReportOnly == null ? null : Csp.parse("portcullis.csp.report-only-policy", cspReportOnly, cspDisableDefaultSrc);
            return new HardeningPolicy(this, cidrs, parsed, parsedRo, exempt, noStore);
        }

        private static String tokensOf(List<ReferrerPolicy> list) {
            List<String> t = new ArrayList<>();
            list.forEach(r -> t.add(r.token()));
            return String.join(",", t);
        }

        private static void checkToken(String key, String name) {
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw fail(key, "entries must be tokens (RFC 9110 §5.6.2)", name);
            }
        }

        private static ConfigException fail(String key, String rule, String value) {
            return new ConfigException(key + " " + rule + "; got " + ConfigException.quote(value));
        }
    }
}
