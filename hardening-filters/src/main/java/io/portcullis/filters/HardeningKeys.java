package io.portcullis.filters;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;
import io.portcullis.core.WireToken;
import io.portcullis.filters.HardeningPolicy.ContentTypeOptions;
import io.portcullis.filters.HardeningPolicy.CookieSecure;
import io.portcullis.filters.HardeningPolicy.CrossDomainPolicies;
import io.portcullis.filters.HardeningPolicy.EmbedderPolicy;
import io.portcullis.filters.HardeningPolicy.FrameOptions;
import io.portcullis.filters.HardeningPolicy.OpenerPolicy;
import io.portcullis.filters.HardeningPolicy.ProxyHeaders;
import io.portcullis.filters.HardeningPolicy.ReferrerPolicy;
import io.portcullis.filters.HardeningPolicy.ResourcePolicy;
import io.portcullis.filters.HardeningPolicy.SameSite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every key of the hardening filters, declared once: name, type, default, rule and doc line.
 * {@link HardeningPolicy#fromSettings} reads them, the policy's builder validates with them
 * (same values accepted, same messages), and docs/hardening-filters.md's key table is generated
 * from {@link #KEYS}. Rules that tie several keys together (HSTS preload, SameSite=None needs
 * Secure, CSP without default-src) are checked when the policy is built.
 */
public final class HardeningKeys implements KeyProvider {

    private static final Pattern PORT_PAIR = Pattern.compile("[0-9]{1,5}:[0-9]{1,5}");
    private static final Pattern PERMISSIONS = Pattern.compile(
            "[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\)(\\s*,\\s*[a-z0-9-]+=\\([^;\\p{Cntrl}]*\\))*");

    // ---- Host check and HTTPS redirect ----

    public static final Key<Boolean> HTTPS_REDIRECT = Key.bool("portcullis.https.redirect", true,
            "Redirect insecure requests to HTTPS.");
    public static final Key<Integer> HTTPS_GET_STATUS = Key.integerOneOf("portcullis.https.get-status", 301,
            List.of(301, 302, 303, 307, 308), null, "Redirect status for GET and HEAD.");
    public static final Key<Integer> HTTPS_OTHER_STATUS = Key.integerOneOf("portcullis.https.other-status", 308,
            List.of(307, 308), "they keep the method and body", "Redirect status for every other method (RFC 9110 §15.4.9).");
    public static final Key<Map<Integer, Integer>> HTTPS_PORT_MAP = Key.<Map<Integer, Integer>>of("portcullis.https.port-map",
            Key.Type.LIST, Map.class, Map.of(80, 443, 8080, 8443), "80:443,8080:8443",
            "must be a list of httpPort:httpsPort pairs such as 8080:8443", HardeningKeys::portMap,
            m -> m.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")),
            "HTTP port → HTTPS port; unmapped ports go to 443 (reported once); 443 is left out of the URL.")
            .checking(m -> m.forEach((from, to) -> {
                if (from < 1 || from > 65535 || to < 1 || to > 65535) {
                    throw Key.reject("ports must be in [1, 65535]", from + ":" + to);
                }
            }));
    public static final Key<List<String>> HTTPS_EXEMPT = Key.list("portcullis.https.exempt", List.of(),
            "Paths never redirected, e.g. /health, /.well-known/acme-challenge/* (the directory and below), *.txt.")
            .rule("must be a comma-separated list of /exact/path, /prefix/* or *.extension patterns")
            .checking(l -> PathPatterns.check(l));
    public static final Key<List<String>> HOSTS_ALLOWED = Key.list("portcullis.hosts.allowed",
            List.of("localhost", "127.0.0.1", "[::1]"),
            "Hosts accepted in Host (and a trusted proxy's forwarded host): exact, or .example.com for it and every "
                    + "subdomain; anything else gets 400 HOST_NOT_ALLOWED.")
            .rule("must be a comma-separated list of host names, IP literals or .domain entries, without ports or wildcards")
            .checking(l -> l.forEach(h -> {
                HostPort hp = HostPort.parse(h.startsWith(".") ? h.substring(1) : h);
                if (hp == null || hp.port >= 0) {
                    throw Key.reject("entries must be host names or IP literals (IPv6 in brackets), "
                            + "or .example.com for a domain and its subdomains; no ports, no wildcards", h);
                }
            }));
    public static final Key<String> HOSTS_CANONICAL = Key.optionalString("portcullis.hosts.canonical",
            "If set, every redirect goes to this host (host or host:port); it is allowed as Host too.")
            .rule("must be host or host:port (IPv6 in brackets)")
            .checking(h -> {
                if (h != null && HostPort.parse(h) == null) {
                    throw Key.reject(null, null);
                }
            });
    public static final Key<Boolean> REPORT_ONLY_HTTPS = Key.bool("portcullis.report-only.https", false,
            "Log the redirects and Host refusals that would happen, and let the request through.");

    // ---- trusted proxies ----

    public static final Key<List<String>> PROXY_TRUSTED = Key.list("portcullis.proxy.trusted", List.of(),
            "CIDRs (IPv4/IPv6) of proxies whose Forwarded / X-Forwarded-* headers count; none trusted by default.")
            .rule("must be a comma-separated list of IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128")
            .checking(l -> l.forEach(c -> {
                try {
                    Cidr.parse(c);
                } catch (IllegalArgumentException e) {
                    throw Key.reject("entries must be IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128 (" + e.getMessage() + ")", c);
                }
            }));
    public static final Key<ProxyHeaders> PROXY_HEADERS = Key.token("portcullis.proxy.headers", ProxyHeaders.X_FORWARDED,
            ProxyHeaders.class, "The one forwarding header family read from trusted proxies; auto is refused once "
                    + "portcullis.proxy.trusted is set; container: the container applies them (RemoteIpValve, "
                    + "ForwardedRequestCustomizer, Boot's forward-headers-strategy=native) and Portcullis reads none.");

    // ---- HSTS ----

    public static final Key<Boolean> HSTS_ENABLED = Key.bool("portcullis.hsts.enabled", true,
            "Send Strict-Transport-Security on secure responses (never over plain HTTP, RFC 6797 §7.2).");
    public static final Key<Long> HSTS_MAX_AGE = Key.longInteger("portcullis.hsts.max-age", HardeningPolicy.ONE_YEAR, 1,
            HardeningPolicy.MAX_HSTS, "HSTS max-age in seconds.").hint("to undo HSTS use portcullis.hsts.clear=true");
    public static final Key<Boolean> HSTS_INCLUDE_SUBDOMAINS = Key.bool("portcullis.hsts.include-subdomains", true,
            "Add includeSubDomains.");
    public static final Key<Boolean> HSTS_PRELOAD = Key.bool("portcullis.hsts.preload", false,
            "Add preload; requires max-age >= 31536000 and include-subdomains.");
    public static final Key<Boolean> HSTS_CLEAR = Key.bool("portcullis.hsts.clear", false,
            "Send max-age=0 so browsers forget HSTS (the only way to send 0).");

    // ---- cookies ----

    public static final Key<CookieSecure> COOKIES_SECURE = Key.token("portcullis.cookies.secure", CookieSecure.WHEN_SECURE,
            CookieSecure.class, "When cookies get Secure: when the effective request is HTTPS, always, or never.");
    public static final Key<Boolean> COOKIES_HTTP_ONLY = Key.bool("portcullis.cookies.http-only", true, "Add HttpOnly.");
    public static final Key<List<String>> COOKIES_HTTP_ONLY_EXEMPT = Key.list("portcullis.cookies.http-only-exempt", List.of(),
            "Cookie names left readable by scripts, e.g. XSRF-TOKEN.")
            .rule("must be a comma-separated list of cookie names (RFC 9110 tokens)").checking(l -> l.forEach(HardeningKeys::token));
    public static final Key<SameSite> COOKIES_SAME_SITE = Key.token("portcullis.cookies.same-site", SameSite.LAX,
            SameSite.class, "Default SameSite when the app set none; None forces Secure.");
    public static final Key<Map<String, SameSite>> COOKIES_SAME_SITE_OVERRIDES = Key.<Map<String, SameSite>>of(
            "portcullis.cookies.same-site-overrides", Key.Type.LIST, Map.class, Map.of(), "",
            "must be a list of cookie-name=SameSite entries (SameSite: Lax, Strict, None or off)", HardeningKeys::overrides,
            m -> m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().token()).collect(Collectors.joining(",")),
            "SameSite per cookie name, winning over the app: sso=None,prefs=Strict.")
            .checking(m -> m.keySet().forEach(HardeningKeys::token));
    public static final Key<Boolean> COOKIES_PARTITIONED = Key.bool("portcullis.cookies.partitioned", false,
            "Add Partitioned (CHIPS; needs Secure).");
    public static final Key<Boolean> COOKIES_SESSION = Key.bool("portcullis.cookies.session", true,
            "Harden the container's session cookie (JSESSIONID) through SessionCookieConfig, with this same policy, and"
                    + " keep session ids out of URLs (cookie-only tracking unless the app chose its tracking modes).");
    public static final Key<Boolean> REPORT_ONLY_COOKIES = Key.bool("portcullis.report-only.cookies", false,
            "Log the cookie rewrites that would happen, and send cookies unchanged.");

    // ---- static headers ----

    public static final Key<ContentTypeOptions> HEADERS_CONTENT_TYPE_OPTIONS = Key.token("portcullis.headers.content-type-options",
            ContentTypeOptions.NOSNIFF, ContentTypeOptions.class, "X-Content-Type-Options.");
    public static final Key<FrameOptions> HEADERS_FRAME_OPTIONS = Key.token("portcullis.headers.frame-options", FrameOptions.DENY,
            FrameOptions.class, "X-Frame-Options (RFC 7034).");
    public static final Key<List<ReferrerPolicy>> HEADERS_REFERRER_POLICY = Key.listOf("portcullis.headers.referrer-policy",
            List.of(ReferrerPolicy.NO_REFERRER), HardeningKeys::referrer, ReferrerPolicy::token,
            "Referrer-Policy: one token or a fallback list (oldest first), or off.")
            .rule("must be a comma-separated list of " + WireToken.allowed(ReferrerPolicy.class))
            .checking(l -> {
                String all = l.stream().map(ReferrerPolicy::token).collect(Collectors.joining(","));
                if (new LinkedHashSet<>(l).size() != l.size()) {
                    throw Key.reject("must not repeat a token", all);
                }
                if (l.contains(ReferrerPolicy.OFF) && l.size() > 1) {
                    throw Key.reject("off cannot be combined with other tokens", all);
                }
            });
    public static final Key<OpenerPolicy> HEADERS_COOP = Key.token("portcullis.headers.cross-origin-opener-policy",
            OpenerPolicy.SAME_ORIGIN, OpenerPolicy.class, "Cross-Origin-Opener-Policy (HTML §7.1.3).");
    public static final Key<ResourcePolicy> HEADERS_CORP = Key.token("portcullis.headers.cross-origin-resource-policy",
            ResourcePolicy.SAME_ORIGIN, ResourcePolicy.class, "Cross-Origin-Resource-Policy (Fetch §3.7).");
    public static final Key<EmbedderPolicy> HEADERS_COEP = Key.token("portcullis.headers.cross-origin-embedder-policy",
            EmbedderPolicy.OFF, EmbedderPolicy.class, "Cross-Origin-Embedder-Policy; opt in, it breaks cross-origin embeds.");
    public static final Key<String> HEADERS_PERMISSIONS_POLICY = Key.stringOrOff("portcullis.headers.permissions-policy",
            HardeningPolicy.DEFAULT_PERMISSIONS_POLICY,
            "Permissions-Policy; the default turns off every powerful feature current Chromium recognises.")
            .rule("must be a list of feature=(allowlist) entries such as camera=(), geolocation=(self), or off")
            .checking(v -> {
                if (v != null && !PERMISSIONS.matcher(v).matches()) {
                    throw Key.reject(null, null);
                }
            });
    public static final Key<CrossDomainPolicies> HEADERS_CROSS_DOMAIN = Key.token(
            "portcullis.headers.permitted-cross-domain-policies", CrossDomainPolicies.NONE, CrossDomainPolicies.class,
            "X-Permitted-Cross-Domain-Policies.");
    public static final Key<List<String>> HEADERS_NO_STORE_PATHS = Key.list("portcullis.headers.no-store-paths", List.of(),
            "Paths answered with Cache-Control: no-store unless the app set Cache-Control.")
            .rule("must be a comma-separated list of /exact/path, /prefix/* or *.extension patterns")
            .checking(l -> PathPatterns.check(l));
    public static final Key<List<String>> HEADERS_REMOVE = Key.list("portcullis.headers.remove", List.of("Server", "X-Powered-By"),
            "Response headers dropped when the app sets them (and Jetty's own Server).")
            .rule("must be a comma-separated list of header names (RFC 9110 tokens)").checking(l -> l.forEach(HardeningKeys::token));

    // ---- Content-Security-Policy ----

    public static final Key<String> CSP_POLICY = Key.stringOrOff("portcullis.csp.policy", HardeningPolicy.DEFAULT_CSP,
            "Enforced Content-Security-Policy, or off; {nonce} becomes 'nonce-…' when the page used the nonce.")
            .rule("must be a Content-Security-Policy or off");
    public static final Key<String> CSP_REPORT_ONLY = Key.stringOrOff("portcullis.csp.report-only-policy", null,
            "A Content-Security-Policy-Report-Only policy; both may be sent.").rule("must be a Content-Security-Policy or off");
    public static final Key<Boolean> CSP_DANGEROUSLY_DISABLE_DEFAULT_SRC = Key.bool(
            "portcullis.csp.dangerously-disable-default-src", false, "Allow a policy without default-src.");

    // ---- deploy check ----

    public static final Key<Boolean> CHECK_LOG = Key.bool("portcullis.check.log", true,
            "Log the effective policy and the deploy check as one block at init.");

    /** Every key of the module, in documentation order. */
    public static final KeySet KEYS = KeySet.of("hardening-filters", HTTPS_REDIRECT, HTTPS_GET_STATUS, HTTPS_OTHER_STATUS,
            HTTPS_PORT_MAP, HTTPS_EXEMPT, HOSTS_ALLOWED, HOSTS_CANONICAL, PROXY_TRUSTED, PROXY_HEADERS, HSTS_ENABLED,
            HSTS_MAX_AGE, HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD, HSTS_CLEAR, COOKIES_SECURE, COOKIES_HTTP_ONLY,
            COOKIES_HTTP_ONLY_EXEMPT, COOKIES_SAME_SITE, COOKIES_SAME_SITE_OVERRIDES, COOKIES_PARTITIONED, COOKIES_SESSION,
            HEADERS_CONTENT_TYPE_OPTIONS, HEADERS_FRAME_OPTIONS, HEADERS_REFERRER_POLICY, HEADERS_COOP, HEADERS_CORP,
            HEADERS_COEP, HEADERS_PERMISSIONS_POLICY, HEADERS_CROSS_DOMAIN, HEADERS_NO_STORE_PATHS, HEADERS_REMOVE, CSP_POLICY,
            CSP_REPORT_ONLY, CSP_DANGEROUSLY_DISABLE_DEFAULT_SRC, CHECK_LOG, REPORT_ONLY_HTTPS, REPORT_ONLY_COOKIES);

    @Override
    public KeySet keys() {
        return KEYS;
    }

    private static Map<Integer, Integer> portMap(String text) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String entry = part.trim();
            if (!PORT_PAIR.matcher(entry).matches()) {
                throw Key.reject(null, entry);
            }
            String[] p = entry.split(":");
            out.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, SameSite> overrides(String text) {
        Map<String, SameSite> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw Key.reject(null, entry);
            }
            String name = entry.substring(0, eq).trim();
            String value = entry.substring(eq + 1).trim();
            SameSite s = null;
            for (SameSite c : SameSite.values()) {
                if (c.token().equalsIgnoreCase(value)) {
                    s = c;
                }
            }
            if (s == null) {
                throw Key.reject("(" + name + ") must be one of Lax, Strict, None, off", value);
            }
            out.put(name, s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static ReferrerPolicy referrer(String text) {
        for (ReferrerPolicy r : ReferrerPolicy.values()) {
            if (r.token().equalsIgnoreCase(text)) {
                return r;
            }
        }
        throw Key.reject("must be one of " + WireToken.allowed(ReferrerPolicy.class), text);
    }

    private static void token(String name) {
        if (!Policies.isToken(name)) {
            throw Key.reject("entries must be tokens (RFC 9110 §5.6.2)", name);
        }
    }
}
