package io.portcullis.checkup.site;

/**
 * Fix hints: the Portcullis configuration key that repairs a finding (hardening-filters'
 * {@code HardeningFilter}), or the server setting when no filter can reach it. Kept in one place
 * so the hints follow the filter's key names.
 */
final class Fix {

    static final String HTTPS_REDIRECT = "portcullis.https.redirect=true (HardeningFilter: 301 for GET/HEAD, 308 for other methods)";
    static final String ALLOWED_HOSTS = "portcullis.hosts.allowed (or portcullis.hosts.canonical): never echo an unknown Host";
    static final String TRUSTED_PROXIES = "portcullis.proxy.trusted: honour X-Forwarded-Host only from your proxy's addresses";
    static final String HSTS_MAX_AGE = "portcullis.hsts.max-age=31536000";
    static final String HSTS_SUBDOMAINS = "portcullis.hsts.include-subdomains=true";
    static final String HSTS_PRELOAD = "portcullis.hsts.preload=true (needs max-age >= 31536000 and includeSubDomains)";
    static final String HSTS_HTTP = "send HSTS on HTTPS responses only (HardeningFilter does; check the front server's add_header)";
    static final String COOKIE_SECURE = "portcullis.cookies.secure=always";
    static final String COOKIE_HTTP_ONLY = "portcullis.cookies.http-only=true";
    static final String COOKIE_SAME_SITE = "portcullis.cookies.same-site=Lax";
    static final String COOKIE_PREFIX = "portcullis.cookies.secure=always (HardeningFilter enforces __Host-/__Secure- rules)";
    static final String CSP = "portcullis.csp.policy (default: default-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; nonce-based scripts)";
    static final String NOSNIFF = "portcullis.headers.content-type-options=nosniff";
    static final String FRAMING = "portcullis.headers.frame-options=DENY (and CSP frame-ancestors via portcullis.csp.policy)";
    static final String REFERRER = "portcullis.headers.referrer-policy=strict-origin-when-cross-origin";
    static final String COOP = "portcullis.headers.cross-origin-opener-policy=same-origin";
    static final String COEP = "portcullis.headers.cross-origin-embedder-policy=require-corp";
    static final String CORP = "portcullis.headers.cross-origin-resource-policy=same-origin";
    static final String PERMISSIONS = "portcullis.headers.permissions-policy (e.g. camera=(), microphone=(), geolocation=())";
    static final String SERVER_HEADER = "portcullis.headers.remove=Server,X-Powered-By; Jetty: HttpConfiguration"
            + ".setSendServerVersion(false); Tomcat: Connector server=\"\"; nginx: server_tokens off";
    static final String CORS = "answer only listed origins in Access-Control-Allow-Origin; never echo Origin";
    static final String TLS_PROTOCOLS = "server setting: nginx ssl_protocols TLSv1.2 TLSv1.3; Jetty SslContextFactory"
            + ".setIncludeProtocols(\"TLSv1.2\",\"TLSv1.3\")";
    static final String TLS_CIPHERS = "server setting: nginx ssl_ciphers HIGH:!aNULL:!MD5:!3DES:!RC4 (or Mozilla "
            + "'intermediate'); Jetty keeps the JDK's exclusions";
    static final String CERTIFICATE = "server setting: install a certificate for this host name from a trusted CA "
            + "(ACME / Let's Encrypt) and automate renewal";
    static final String TRACE = "server setting: refuse TRACE (Tomcat allowTrace=false is the default; Jetty: a "
            + "servlet overriding doTrace or a constraint on TRACE; nginx answers 405 itself)";
    static final String ERROR_PAGES = "serve a plain error page: no stack traces or debug output (Jetty ErrorHandler"
            + ".setShowStacks(false), Tomcat ErrorReportValve showReport=false, Spring server.error.include-stacktrace=never)";
    static final String PROTECTED = "authorise in the application: require a login for this path";

    private Fix() {
    }
}
