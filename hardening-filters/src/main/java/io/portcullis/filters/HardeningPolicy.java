package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Key;
import io.portcullis.core.Settings;
import io.portcullis.core.WireToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The whole hardening configuration, composed of one immutable policy per protection: host check
 * and HTTPS redirect, trusted proxies, HSTS, cookies, static security headers and
 * Content-Security-Policy, plus whether the deploy check is logged. Each part validates itself
 * from its own keys with the exact messages listed in {@code docs/hardening-filters.md}; equality
 * is structural, part by part. Made with {@link #builder()}, {@link #defaults()},
 * {@link #toBuilder()} or {@link #fromSettings(Settings)} (the one bridge from
 * {@code portcullis.*} keys).
 *
 * <p>Every key, its default and its meaning are listed in {@link #KEYS} and in
 * {@code docs/hardening-filters.md}.
 */
public final class HardeningPolicy {

    /** The strict default policy (OWASP Secure Headers Project, nonce-based scripts and styles). */
    public static final String DEFAULT_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + "form-action 'self'; script-src 'self' {nonce}; style-src 'self' {nonce}";
    /**
     * The default Permissions-Policy: every powerful feature off, as the OWASP Secure Headers
     * Project recommends, limited to features current Chromium recognises (an unknown one, such
     * as {@code web-share} on desktop Linux, makes it log an error on every page).
     */
    public static final String DEFAULT_PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), "
            + "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), "
            + "magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
            + "screen-wake-lock=(), sync-xhr=(self), usb=(), xr-spatial-tracking=()";
    /** One year, the HSTS default and the preload minimum. */
    public static final long ONE_YEAR = 31_536_000L;
    /** The longest HSTS max-age accepted (two years). */
    public static final long MAX_HSTS = 63_072_000L;

    /**
     * Every key this module reads, with its default as written in configuration: a view of the
     * declarations in {@link HardeningKeys#KEYS}, which also carry each key's type, rule and doc.
     */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        HardeningKeys.KEYS.forEach(key -> k.put(key.name(), key.defaultText()));
        KEYS = Collections.unmodifiableMap(k);
    }

    /** Which forwarding headers a trusted proxy may use, or none because the container applies them. */
    public enum ProxyHeaders implements WireToken {
        /**
         * Whichever family the request carries (RFC 7239 {@code Forwarded} when present): refused
         * once a proxy is trusted, since the client would choose. Harmless only without trusted proxies.
         */
        AUTO("auto"),
        /** Only RFC 7239 {@code Forwarded}. */
        FORWARDED("forwarded"),
        /** Only {@code X-Forwarded-Proto/Host/Port/For}. */
        X_FORWARDED("x-forwarded"),
        /**
         * None: the container already applied the proxy's headers before any filter (Tomcat's
         * {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}, Spring Boot's
         * {@code server.forward-headers-strategy=native}), so its {@code isSecure()}, Host and
         * {@code getRemoteAddr()} are the client's view and are taken as they are. Requires
         * {@code portcullis.proxy.trusted} to be empty (the container is the one that trusts the proxy).
         */
        CONTAINER("container");

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


    private static final HardeningPolicy DEFAULTS = new HardeningPolicy(HttpsPolicy.DEFAULTS, ProxyPolicy.DEFAULTS,
            HstsPolicy.DEFAULTS, CookiePolicy.DEFAULTS, HeaderPolicy.DEFAULTS, CspPolicy.DEFAULTS, true);

    private final HttpsPolicy https;
    private final ProxyPolicy proxy;
    private final HstsPolicy hsts;
    private final CookiePolicy cookies;
    private final HeaderPolicy headers;
    private final CspPolicy csp;
    private final boolean logCheck;

    HardeningPolicy(HttpsPolicy https, ProxyPolicy proxy, HstsPolicy hsts, CookiePolicy cookies, HeaderPolicy headers, CspPolicy csp,
            boolean logCheck) {
        this.https = Objects.requireNonNull(https);
        this.proxy = Objects.requireNonNull(proxy);
        this.hsts = Objects.requireNonNull(hsts);
        this.cookies = Objects.requireNonNull(cookies);
        this.headers = Objects.requireNonNull(headers);
        this.csp = Objects.requireNonNull(csp);
        this.logCheck = logCheck;
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** The secure defaults (see {@link #KEYS}). */
    public static HardeningPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The policy described by {@code portcullis.*} settings (init-params, properties file,
     * {@code -D}); unset keys keep their defaults. Each part reads its own keys.
     *
     * @throws ConfigException for an unknown key (with a did-you-mean), a bad value (naming the
     *                         key, quoting the value, listing what is allowed) or a contradiction
     */
    public static HardeningPolicy fromSettings(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, HardeningKeys.KEYS);
        HttpsPolicy https = HttpsPolicy.read(r);
        ProxyPolicy proxy = ProxyPolicy.read(r);
        HstsPolicy hsts = HstsPolicy.read(r);
        CookiePolicy cookies = CookiePolicy.read(r);
        HeaderPolicy headers = HeaderPolicy.read(r);
        CspPolicy csp = CspPolicy.read(r);
        return new HardeningPolicy(https, proxy, hsts, cookies, headers, csp, r.get(HardeningKeys.CHECK_LOG));
    }

    // ---- the parts (package-private: the filters' writers are built from them) ----

    HttpsPolicy httpsPolicy() {
        return https;
    }

    ProxyPolicy proxyPolicy() {
        return proxy;
    }

    HstsPolicy hstsPolicy() {
        return hsts;
    }

    CookiePolicy cookiePolicy() {
        return cookies;
    }

    HeaderPolicy headerPolicy() {
        return headers;
    }

    CspPolicy cspPolicy() {
        return csp;
    }

    // ---- accessors (Javadoc: the key that sets each) ----

    /** {@code portcullis.https.redirect}: redirect insecure requests to HTTPS (default true). */
    public boolean httpsRedirect() {
        return https.redirect();
    }

    /** {@code portcullis.https.get-status}: status for GET and HEAD (default 301). */
    public int redirectStatusForGet() {
        return https.getStatus();
    }

    /** {@code portcullis.https.other-status}: status for other methods, which keeps method and body (default 308, RFC 9110 §15.4.9). */
    public int redirectStatusForOther() {
        return https.otherStatus();
    }

    /** {@code portcullis.https.port-map}: HTTP port → HTTPS port (default 80→443, 8080→8443; others go to 443). */
    public Map<Integer, Integer> portMap() {
        return https.portMap();
    }

    /** {@code portcullis.https.exempt}: paths never redirected (default none). */
    public List<String> redirectExempt() {
        return https.exempt();
    }

    /** {@code portcullis.hosts.allowed}: hosts accepted in Host (exact, or {@code .example.com} for it and its subdomains). */
    public List<String> allowedHosts() {
        return https.allowedHosts();
    }

    /** {@code portcullis.hosts.canonical}: the host every redirect goes to, if set (with optional port). */
    public String canonicalHost() {
        return https.canonicalHost();
    }

    /** {@code portcullis.proxy.trusted}: CIDRs of proxies whose forwarding headers count (default none). */
    public List<String> trustedProxies() {
        return proxy.trusted();
    }

    /** {@code portcullis.proxy.headers}: the one forwarding header family read from trusted proxies (default x-forwarded). */
    public ProxyHeaders proxyHeaders() {
        return proxy.headers();
    }

    /** {@code portcullis.hsts.enabled} (default true). */
    public boolean hsts() {
        return hsts.enabled();
    }

    /** {@code portcullis.hsts.max-age} in seconds (default 31536000). */
    public long hstsMaxAge() {
        return hsts.maxAge();
    }

    /** {@code portcullis.hsts.include-subdomains} (default true). */
    public boolean hstsIncludeSubDomains() {
        return hsts.includeSubDomains();
    }

    /** {@code portcullis.hsts.preload} (default false). */
    public boolean hstsPreload() {
        return hsts.preload();
    }

    /** {@code portcullis.hsts.clear}: send {@code max-age=0} to undo HSTS (default false). */
    public boolean hstsClear() {
        return hsts.clear();
    }

    /** The Strict-Transport-Security value sent on secure responses. */
    public String hstsHeaderValue() {
        return hsts.value();
    }

    /** {@code portcullis.cookies.secure} (default when-secure). */
    public CookieSecure cookieSecure() {
        return cookies.secure();
    }

    /** {@code portcullis.cookies.http-only} (default true). */
    public boolean cookieHttpOnly() {
        return cookies.httpOnly();
    }

    /** {@code portcullis.cookies.http-only-exempt}: names left readable by scripts (default none). */
    public List<String> cookieHttpOnlyExempt() {
        return cookies.httpOnlyExempt();
    }

    /** {@code portcullis.cookies.same-site} (default Lax). */
    public SameSite cookieSameSite() {
        return cookies.sameSite();
    }

    /** {@code portcullis.cookies.same-site-overrides}: per cookie name (default none). */
    public Map<String, SameSite> cookieSameSiteOverrides() {
        return cookies.overrides();
    }

    /** {@code portcullis.cookies.partitioned} (default false). */
    public boolean cookiePartitioned() {
        return cookies.partitioned();
    }

    /** {@code portcullis.cookies.session}: harden the container's session cookie (default true). */
    public boolean sessionCookie() {
        return cookies.session();
    }

    /** {@code portcullis.headers.content-type-options} (default nosniff). */
    public ContentTypeOptions contentTypeOptions() {
        return headers.contentTypeOptions();
    }

    /** {@code portcullis.headers.frame-options} (default DENY). */
    public FrameOptions frameOptions() {
        return headers.frameOptions();
    }

    /** {@code portcullis.headers.referrer-policy} (default no-referrer; empty when off). */
    public List<ReferrerPolicy> referrerPolicy() {
        return headers.referrerPolicy();
    }

    /** {@code portcullis.headers.cross-origin-opener-policy} (default same-origin). */
    public OpenerPolicy crossOriginOpenerPolicy() {
        return headers.openerPolicy();
    }

    /** {@code portcullis.headers.cross-origin-resource-policy} (default same-origin). */
    public ResourcePolicy crossOriginResourcePolicy() {
        return headers.resourcePolicy();
    }

    /** {@code portcullis.headers.cross-origin-embedder-policy} (default off). */
    public EmbedderPolicy crossOriginEmbedderPolicy() {
        return headers.embedderPolicy();
    }

    /** {@code portcullis.headers.permissions-policy} (default {@link #DEFAULT_PERMISSIONS_POLICY}; null when off). */
    public String permissionsPolicy() {
        return headers.permissionsPolicy();
    }

    /** {@code portcullis.headers.permitted-cross-domain-policies} (default none). */
    public CrossDomainPolicies permittedCrossDomainPolicies() {
        return headers.crossDomainPolicies();
    }

    /** {@code portcullis.headers.no-store-paths}: paths answered with {@code Cache-Control: no-store} (default none). */
    public List<String> noStorePaths() {
        return headers.noStorePaths();
    }

    /** {@code portcullis.headers.remove}: response headers removed (default Server, X-Powered-By). */
    public List<String> removeHeaders() {
        return headers.remove();
    }

    /** {@code portcullis.csp.policy} (default {@link #DEFAULT_CSP}; null when off). */
    public String contentSecurityPolicy() {
        return csp.policy();
    }

    /** {@code portcullis.csp.report-only-policy} (default off = null). */
    public String contentSecurityPolicyReportOnly() {
        return csp.reportOnly();
    }

    /** {@code portcullis.csp.dangerously-disable-default-src} (default false). */
    public boolean dangerouslyDisableDefaultSrc() {
        return csp.dangerouslyDisableDefaultSrc();
    }

    /** {@code portcullis.check.log}: log the deploy check at init (default true). */
    public boolean logDeployCheck() {
        return logCheck;
    }

    /** {@code portcullis.report-only.https}: log redirects and host refusals instead of sending them (default false). */
    public boolean reportOnlyHttps() {
        return https.reportOnly();
    }

    /** {@code portcullis.report-only.cookies}: log cookie rewrites instead of applying them (default false). */
    public boolean reportOnlyCookies() {
        return cookies.reportOnly();
    }

    private static final Map<Key<?>, Function<HardeningPolicy, Object>> VALUES = Map.ofEntries(
            Map.entry(HardeningKeys.HTTPS_REDIRECT, HardeningPolicy::httpsRedirect),
            Map.entry(HardeningKeys.HTTPS_GET_STATUS, HardeningPolicy::redirectStatusForGet),
            Map.entry(HardeningKeys.HTTPS_OTHER_STATUS, HardeningPolicy::redirectStatusForOther),
            Map.entry(HardeningKeys.HTTPS_PORT_MAP, HardeningPolicy::portMap),
            Map.entry(HardeningKeys.HTTPS_EXEMPT, HardeningPolicy::redirectExempt),
            Map.entry(HardeningKeys.HOSTS_ALLOWED, HardeningPolicy::allowedHosts),
            Map.entry(HardeningKeys.HOSTS_CANONICAL, HardeningPolicy::canonicalHost),
            Map.entry(HardeningKeys.REPORT_ONLY_HTTPS, HardeningPolicy::reportOnlyHttps),
            Map.entry(HardeningKeys.PROXY_TRUSTED, HardeningPolicy::trustedProxies),
            Map.entry(HardeningKeys.PROXY_HEADERS, HardeningPolicy::proxyHeaders),
            Map.entry(HardeningKeys.HSTS_ENABLED, HardeningPolicy::hsts),
            Map.entry(HardeningKeys.HSTS_MAX_AGE, HardeningPolicy::hstsMaxAge),
            Map.entry(HardeningKeys.HSTS_INCLUDE_SUBDOMAINS, HardeningPolicy::hstsIncludeSubDomains),
            Map.entry(HardeningKeys.HSTS_PRELOAD, HardeningPolicy::hstsPreload),
            Map.entry(HardeningKeys.HSTS_CLEAR, HardeningPolicy::hstsClear),
            Map.entry(HardeningKeys.COOKIES_SECURE, HardeningPolicy::cookieSecure),
            Map.entry(HardeningKeys.COOKIES_HTTP_ONLY, HardeningPolicy::cookieHttpOnly),
            Map.entry(HardeningKeys.COOKIES_HTTP_ONLY_EXEMPT, HardeningPolicy::cookieHttpOnlyExempt),
            Map.entry(HardeningKeys.COOKIES_SAME_SITE, HardeningPolicy::cookieSameSite),
            Map.entry(HardeningKeys.COOKIES_SAME_SITE_OVERRIDES, HardeningPolicy::cookieSameSiteOverrides),
            Map.entry(HardeningKeys.COOKIES_PARTITIONED, HardeningPolicy::cookiePartitioned),
            Map.entry(HardeningKeys.COOKIES_SESSION, HardeningPolicy::sessionCookie),
            Map.entry(HardeningKeys.REPORT_ONLY_COOKIES, HardeningPolicy::reportOnlyCookies),
            Map.entry(HardeningKeys.HEADERS_CONTENT_TYPE_OPTIONS, HardeningPolicy::contentTypeOptions),
            Map.entry(HardeningKeys.HEADERS_FRAME_OPTIONS, HardeningPolicy::frameOptions),
            Map.entry(HardeningKeys.HEADERS_REFERRER_POLICY, HardeningPolicy::referrerPolicy),
            Map.entry(HardeningKeys.HEADERS_COOP, HardeningPolicy::crossOriginOpenerPolicy),
            Map.entry(HardeningKeys.HEADERS_CORP, HardeningPolicy::crossOriginResourcePolicy),
            Map.entry(HardeningKeys.HEADERS_COEP, HardeningPolicy::crossOriginEmbedderPolicy),
            Map.entry(HardeningKeys.HEADERS_PERMISSIONS_POLICY, HardeningPolicy::permissionsPolicy),
            Map.entry(HardeningKeys.HEADERS_CROSS_DOMAIN, HardeningPolicy::permittedCrossDomainPolicies),
            Map.entry(HardeningKeys.HEADERS_NO_STORE_PATHS, HardeningPolicy::noStorePaths),
            Map.entry(HardeningKeys.HEADERS_REMOVE, HardeningPolicy::removeHeaders),
            Map.entry(HardeningKeys.CSP_POLICY, HardeningPolicy::contentSecurityPolicy),
            Map.entry(HardeningKeys.CSP_REPORT_ONLY, HardeningPolicy::contentSecurityPolicyReportOnly),
            Map.entry(HardeningKeys.CSP_DANGEROUSLY_DISABLE_DEFAULT_SRC, HardeningPolicy::dangerouslyDisableDefaultSrc),
            Map.entry(HardeningKeys.CHECK_LOG, HardeningPolicy::logDeployCheck));

    /** The value this policy has for {@code key} (as {@link io.portcullis.core.ConfigReader#get} would read it). */
    Object value(Key<?> key) {
        Function<HardeningPolicy, Object> f = VALUES.get(key);
        if (f == null) {
            throw new IllegalArgumentException(key.name() + " is not a hardening key");
        }
        return f.apply(this);
    }

    /** Whether {@code host} (lower case, IPv6 in brackets) is allowed by the list or is the canonical host. */
    boolean isAllowedHost(String host) {
        return https.isAllowedHost(host);
    }

    String referrerTokens() {
        return headers.referrerTokens();
    }

    /** Structural: equal when every part is equal (every key has the same value). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HardeningPolicy p && https.equals(p.https) && proxy.equals(p.proxy) && hsts.equals(p.hsts)
                && cookies.equals(p.cookies) && headers.equals(p.headers) && csp.equals(p.csp) && logCheck == p.logCheck;
    }

    @Override
    public int hashCode() {
        return Objects.hash(https, proxy, hsts, cookies, headers, csp, logCheck);
    }

    /** The effective policy on one line per area, as logged at init. */
    @Override
    public String toString() {
        return https + "\n" + proxy + "\n" + hsts + "\n" + cookies + "\n" + headers + "\n" + csp;
    }

    /** Builds a {@link HardeningPolicy}; starts from the defaults. Setters only store; {@link #build()} validates. */
    public static final class Builder {
        private boolean httpsRedirect;
        private int getStatus;
        private int otherStatus;
        private Map<Integer, Integer> portMap;
        private List<String> redirectExempt;
        private List<String> allowedHosts;
        private String canonicalHost;
        private List<String> trustedProxies;
        private ProxyHeaders proxyHeaders;
        private boolean hsts;
        private long hstsMaxAge;
        private boolean hstsIncludeSubDomains;
        private boolean hstsPreload;
        private boolean hstsClear;
        private CookieSecure cookieSecure;
        private boolean cookieHttpOnly;
        private List<String> cookieHttpOnlyExempt;
        private SameSite cookieSameSite;
        private Map<String, SameSite> cookieSameSiteOverrides;
        private boolean cookiePartitioned;
        private boolean sessionCookie;
        private ContentTypeOptions contentTypeOptions;
        private FrameOptions frameOptions;
        private List<ReferrerPolicy> referrerPolicy;
        private OpenerPolicy openerPolicy;
        private ResourcePolicy resourcePolicy;
        private EmbedderPolicy embedderPolicy;
        private String permissionsPolicy;
        private CrossDomainPolicies crossDomainPolicies;
        private List<String> noStorePaths;
        private List<String> removeHeaders;
        private String csp;
        private String cspReportOnly;
        private boolean cspDisableDefaultSrc;
        private boolean logCheck;
        private boolean reportOnlyHttps;
        private boolean reportOnlyCookies;

        private Builder(HardeningPolicy p) {
            httpsRedirect = p.https.redirect();
            getStatus = p.https.getStatus();
            otherStatus = p.https.otherStatus();
            portMap = p.https.portMap();
            redirectExempt = p.https.exempt();
            allowedHosts = p.https.allowedHosts();
            canonicalHost = p.https.canonicalHost();
            reportOnlyHttps = p.https.reportOnly();
            trustedProxies = p.proxy.trusted();
            proxyHeaders = p.proxy.headers();
            hsts = p.hsts.enabled();
            hstsMaxAge = p.hsts.maxAge();
            hstsIncludeSubDomains = p.hsts.includeSubDomains();
            hstsPreload = p.hsts.preload();
            hstsClear = p.hsts.clear();
            cookieSecure = p.cookies.secure();
            cookieHttpOnly = p.cookies.httpOnly();
            cookieHttpOnlyExempt = p.cookies.httpOnlyExempt();
            cookieSameSite = p.cookies.sameSite();
            cookieSameSiteOverrides = p.cookies.overrides();
            cookiePartitioned = p.cookies.partitioned();
            sessionCookie = p.cookies.session();
            reportOnlyCookies = p.cookies.reportOnly();
            contentTypeOptions = p.headers.contentTypeOptions();
            frameOptions = p.headers.frameOptions();
            referrerPolicy = p.headers.referrerPolicy();
            openerPolicy = p.headers.openerPolicy();
            resourcePolicy = p.headers.resourcePolicy();
            embedderPolicy = p.headers.embedderPolicy();
            permissionsPolicy = p.headers.permissionsPolicy();
            crossDomainPolicies = p.headers.crossDomainPolicies();
            noStorePaths = p.headers.noStorePaths();
            removeHeaders = p.headers.remove();
            csp = p.csp.policy();
            cspReportOnly = p.csp.reportOnly();
            cspDisableDefaultSrc = p.csp.dangerouslyDisableDefaultSrc();
            logCheck = p.logCheck;
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
         * Validates everything, part by part, and builds the policy.
         *
         * @throws ConfigException naming the key of the first problem
         */
        public HardeningPolicy build() {
            HttpsPolicy h = new HttpsPolicy(httpsRedirect, getStatus, otherStatus, portMap, redirectExempt, allowedHosts, canonicalHost,
                    reportOnlyHttps);
            ProxyPolicy p = new ProxyPolicy(trustedProxies, proxyHeaders);
            HstsPolicy s = new HstsPolicy(hsts, hstsMaxAge, hstsIncludeSubDomains, hstsPreload, hstsClear);
            CookiePolicy c = new CookiePolicy(cookieSecure, cookieHttpOnly, cookieHttpOnlyExempt, cookieSameSite, cookieSameSiteOverrides,
                    cookiePartitioned, sessionCookie, reportOnlyCookies);
            HeaderPolicy hd = new HeaderPolicy(contentTypeOptions, frameOptions, referrerPolicy, openerPolicy, resourcePolicy,
                    embedderPolicy, permissionsPolicy, crossDomainPolicies, noStorePaths, removeHeaders);
            CspPolicy cs = new CspPolicy(csp, cspReportOnly, cspDisableDefaultSrc);
            return new HardeningPolicy(h, p, s, c, hd, cs, logCheck);
        }
    }
}
