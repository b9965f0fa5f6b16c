package io.portcullis.checkup.site;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fix hints. Checks name a hint by one of the constants below (the Portcullis key that repairs
 * the finding); {@link #adapt} then rewrites it for the software that answered ({@link Stack}):
 * nginx, Apache httpd, Tomcat, Jetty or Spring Boot settings, and the Portcullis key only when
 * Portcullis is in use. When nothing is recognised the hint says what to do in general terms.
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
    static final String SERVER_HEADER = "portcullis.headers.remove=Server,X-Powered-By";
    static final String CORS = "answer only listed origins in Access-Control-Allow-Origin; never echo Origin";
    static final String TLS_PROTOCOLS = "allow only TLSv1.2 and TLSv1.3";
    static final String TLS_CIPHERS = "allow only AEAD suites with forward secrecy (Mozilla 'intermediate')";
    static final String TLS_CERTIFICATE_KEY = "use an RSA key of at least 2048 bits or an EC key of at least 256 bits, "
            + "signed with SHA-256 or better";
    static final String TLS_CHAIN = "serve the intermediate certificates with the leaf (the full chain file)";
    static final String TLS_RENEGOTIATION = "refuse client-initiated renegotiation (current OpenSSL and JSSE do)";
    static final String TLS_STAPLING = "staple OCSP answers";
    static final String TLS_STAPLING_STALE = "staple a fresh OCSP answer for the certificate you serve (refetch it "
            + "after each renewal, well before its next update)";
    static final String TLS_STAPLING_REVOKED = "the CA has revoked this certificate: install a new one now";
    static final String CERTIFICATE = "install a certificate for this host name from a trusted CA (ACME / Let's Encrypt) "
            + "and automate renewal";
    static final String TRACE = "refuse TRACE";
    static final String ERROR_PAGES = "serve a plain error page: no stack traces, debug output or versions";
    static final String SRI = "load scripts over https: and add integrity=\"sha384-...\" crossorigin=\"anonymous\" to "
            + "each one from another origin (or host them yourself)";
    static final String PROTECTED = "authorise in the application: require a login for this path";

    private static final Map<String, Map<Stack, String>> BY_STACK = new HashMap<>();
    private static final Map<String, String> GENERIC = new HashMap<>();

    private static void hint(String key, String generic, Object... stackThenText) {
        Map<Stack, String> m = new EnumMap<>(Stack.class);
        for (int i = 0; i < stackThenText.length; i += 2) {
            m.put((Stack) stackThenText[i], (String) stackThenText[i + 1]);
        }
        BY_STACK.put(key, m);
        GENERIC.put(key, generic);
    }

    static {
        String header = "add the response header ";
        hint(HTTPS_REDIRECT, "redirect every plain-HTTP request to https:// on the same host (301 for GET/HEAD, 308 "
                        + "for other methods)",
                Stack.NGINX, "in the port-80 server: return 301 https://$host$request_uri; (308 for POST: "
                        + "if ($request_method = POST) { return 308 https://$host$request_uri; })",
                Stack.APACHE, "in the *:80 VirtualHost: RewriteEngine On + RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} "
                        + "[R=308,L] (or Redirect permanent / https://host/)",
                Stack.TOMCAT, "web.xml <security-constraint> with <transport-guarantee>CONFIDENTIAL</transport-guarantee> "
                        + "and redirectPort on the HTTP Connector",
                Stack.JETTY, "HttpConfiguration.setSecurePort(443) and a SecuredRedirectHandler in front of the context",
                Stack.SPRING_BOOT, "Spring Security: http.redirectToHttps(Customizer.withDefaults())");
        hint(ALLOWED_HOSTS, "answer unknown Host names with 400 (or drop them); never build URLs from the Host header",
                Stack.NGINX, "a default_server block that does return 444; and server_name listing your hosts",
                Stack.APACHE, "a first (default) VirtualHost that denies everything, ServerName/ServerAlias for your hosts "
                        + "and UseCanonicalName On",
                Stack.TOMCAT, "a default <Host> that serves nothing; build redirects from a configured base URL",
                Stack.JETTY, "virtual hosts on the context (ContextHandler.setVirtualHosts) and a default handler that "
                        + "answers 400",
                Stack.SPRING_BOOT, "server.forward-headers-strategy=none unless behind a proxy, and a configured base URL for "
                        + "redirects");
        hint(TRUSTED_PROXIES, "honour X-Forwarded-Host / Forwarded only from your own proxy's addresses",
                Stack.NGINX, "proxy_set_header X-Forwarded-Host $host; (overwrite what clients send)",
                Stack.APACHE, "RequestHeader unset X-Forwarded-Host early, ProxyPreserveHost On",
                Stack.TOMCAT, "RemoteIpValve with internalProxies set to your proxy's addresses only",
                Stack.JETTY, "ForwardedRequestCustomizer only on connectors reached through your proxy",
                Stack.SPRING_BOOT, "server.forward-headers-strategy=native with server.tomcat.remoteip.internal-proxies");
        String hsts = "Strict-Transport-Security: max-age=31536000; includeSubDomains";
        hint(HSTS_MAX_AGE, header + hsts + " on HTTPS answers",
                Stack.NGINX, "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;",
                Stack.APACHE, "Header always set Strict-Transport-Security \"max-age=31536000; includeSubDomains\"",
                Stack.TOMCAT, "HttpHeaderSecurityFilter with hstsMaxAgeSeconds=31536000, hstsIncludeSubDomains=true",
                Stack.JETTY, "SecureRequestCustomizer(sniHostCheck, 31536000, true) on the HTTPS connector",
                Stack.SPRING_BOOT, "Spring Security: headers.httpStrictTransportSecurity(h -> h.maxAgeInSeconds(31536000)"
                        + ".includeSubDomains(true))");
        BY_STACK.put(HSTS_SUBDOMAINS, BY_STACK.get(HSTS_MAX_AGE));
        GENERIC.put(HSTS_SUBDOMAINS, "add includeSubDomains to Strict-Transport-Security");
        hint(HSTS_PRELOAD, "add preload with max-age >= 31536000 and includeSubDomains, then submit at hstspreload.org",
                Stack.NGINX, "add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains; preload\" always;",
                Stack.APACHE, "Header always set Strict-Transport-Security \"max-age=63072000; includeSubDomains; preload\"",
                Stack.TOMCAT, "HttpHeaderSecurityFilter hstsPreload=true (with hstsIncludeSubDomains=true)",
                Stack.SPRING_BOOT, "Spring Security: headers.httpStrictTransportSecurity(h -> h.preload(true))");
        hint(HSTS_HTTP, "send Strict-Transport-Security on HTTPS answers only",
                Stack.NGINX, "move add_header Strict-Transport-Security into the ssl server block only",
                Stack.APACHE, "set the HSTS header in the *:443 VirtualHost only");
        hint(COOKIE_SECURE, "set Secure on every cookie",
                Stack.NGINX, "proxy_cookie_flags ~ secure; (nginx 1.19.3+)",
                Stack.APACHE, "Header always edit Set-Cookie ^(.*)$ \"$1; Secure\"",
                Stack.TOMCAT, "web.xml <session-config><cookie-config><secure>true</secure></cookie-config> (the "
                        + "session cookie; the application's own cookies need Cookie.setSecure(true))",
                Stack.JETTY, "SessionHandler.setSecureRequestOnly(true) / web.xml <secure>true</secure> (the session "
                        + "cookie; the application's own cookies need Cookie.setSecure(true))",
                Stack.SPRING_BOOT, "server.servlet.session.cookie.secure=true for the session cookie; the "
                        + "application's own cookies need Cookie.setSecure(true) or ResponseCookie...secure(true)");
        hint(COOKIE_HTTP_ONLY, "set HttpOnly on session and login cookies",
                Stack.NGINX, "proxy_cookie_flags ~ httponly;",
                Stack.APACHE, "Header always edit Set-Cookie ^(.*)$ \"$1; HttpOnly\"",
                Stack.TOMCAT, "Context useHttpOnly=\"true\" (the default) and <http-only>true</http-only>",
                Stack.JETTY, "web.xml <cookie-config><http-only>true</http-only>",
                Stack.SPRING_BOOT, "server.servlet.session.cookie.http-only=true");
        hint(COOKIE_SAME_SITE, "set SameSite=Lax (or Strict) on every cookie",
                Stack.NGINX, "proxy_cookie_flags ~ samesite=lax;",
                Stack.APACHE, "Header always edit Set-Cookie ^(.*)$ \"$1; SameSite=Lax\"",
                Stack.TOMCAT, "<CookieProcessor sameSiteCookies=\"lax\"/> in context.xml",
                Stack.JETTY, "SessionHandler.setSameSite(HttpCookie.SameSite.LAX)",
                Stack.SPRING_BOOT, "server.servlet.session.cookie.same-site=lax for the session cookie, and a "
                        + "CookieSameSiteSupplier bean (CookieSameSiteSupplier.ofLax()) for the application's own cookies");
        BY_STACK.put(COOKIE_PREFIX, BY_STACK.get(COOKIE_SECURE));
        GENERIC.put(COOKIE_PREFIX, "__Host- cookies need Secure, Path=/ and no Domain; __Secure- cookies need Secure");
        hint(CSP, header + "Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; "
                        + "frame-ancestors 'none'; form-action 'self'",
                Stack.NGINX, "add_header Content-Security-Policy \"default-src 'self'; object-src 'none'; base-uri 'self'; "
                        + "frame-ancestors 'none'\" always;",
                Stack.APACHE, "Header always set Content-Security-Policy \"default-src 'self'; object-src 'none'; "
                        + "base-uri 'self'; frame-ancestors 'none'\"",
                Stack.TOMCAT, "a filter that sets Content-Security-Policy (Tomcat has no built-in CSP setting)",
                Stack.JETTY, "HeaderPatternRule / a filter setting Content-Security-Policy",
                Stack.SPRING_BOOT, "Spring Security: headers.contentSecurityPolicy(c -> c.policyDirectives(\"default-src "
                        + "'self'; object-src 'none'; frame-ancestors 'none'\"))");
        hint(NOSNIFF, header + "X-Content-Type-Options: nosniff",
                Stack.NGINX, "add_header X-Content-Type-Options nosniff always;",
                Stack.APACHE, "Header always set X-Content-Type-Options nosniff",
                Stack.TOMCAT, "HttpHeaderSecurityFilter (blockContentTypeSniffingEnabled=true)",
                Stack.JETTY, "a HeaderPatternRule or filter adding X-Content-Type-Options: nosniff",
                Stack.SPRING_BOOT, "Spring Security sends it by default (keep headers().contentTypeOptions()); "
                        + "without Spring Security, a filter that sets X-Content-Type-Options: nosniff");
        hint(FRAMING, header + "X-Frame-Options: DENY and CSP frame-ancestors 'none'",
                Stack.NGINX, "add_header X-Frame-Options DENY always; (and frame-ancestors in the CSP)",
                Stack.APACHE, "Header always set X-Frame-Options DENY",
                Stack.TOMCAT, "HttpHeaderSecurityFilter antiClickJackingOption=DENY",
                Stack.JETTY, "a filter adding X-Frame-Options: DENY",
                Stack.SPRING_BOOT, "Spring Security: headers.frameOptions(f -> f.deny())");
        hint(REFERRER, header + "Referrer-Policy: strict-origin-when-cross-origin",
                Stack.NGINX, "add_header Referrer-Policy strict-origin-when-cross-origin always;",
                Stack.APACHE, "Header always set Referrer-Policy strict-origin-when-cross-origin",
                Stack.SPRING_BOOT, "Spring Security: headers.referrerPolicy(r -> r.policy(STRICT_ORIGIN_WHEN_CROSS_ORIGIN))");
        hint(COOP, header + "Cross-Origin-Opener-Policy: same-origin",
                Stack.NGINX, "add_header Cross-Origin-Opener-Policy same-origin always;",
                Stack.APACHE, "Header always set Cross-Origin-Opener-Policy same-origin",
                Stack.SPRING_BOOT, "Spring Security: headers.crossOriginOpenerPolicy(c -> c.policy(SAME_ORIGIN))");
        hint(COEP, header + "Cross-Origin-Embedder-Policy: require-corp",
                Stack.NGINX, "add_header Cross-Origin-Embedder-Policy require-corp always;",
                Stack.APACHE, "Header always set Cross-Origin-Embedder-Policy require-corp");
        hint(CORP, header + "Cross-Origin-Resource-Policy: same-origin",
                Stack.NGINX, "add_header Cross-Origin-Resource-Policy same-origin always;",
                Stack.APACHE, "Header always set Cross-Origin-Resource-Policy same-origin",
                Stack.SPRING_BOOT, "Spring Security: headers.crossOriginResourcePolicy(c -> c.policy(SAME_ORIGIN))");
        hint(PERMISSIONS, header + "Permissions-Policy: camera=(), microphone=(), geolocation=()",
                Stack.NGINX, "add_header Permissions-Policy \"camera=(), microphone=(), geolocation=()\" always;",
                Stack.APACHE, "Header always set Permissions-Policy \"camera=(), microphone=(), geolocation=()\"",
                Stack.SPRING_BOOT, "Spring Security: headers.permissionsPolicyHeader(p -> p.policy(\"camera=()\"))");
        hint(SERVER_HEADER, "hide software names and versions in Server / X-Powered-By and error pages",
                Stack.NGINX, "server_tokens off;",
                Stack.APACHE, "ServerTokens Prod and ServerSignature Off",
                Stack.TOMCAT, "Connector server=\"\" and ErrorReportValve showServerInfo=\"false\"",
                Stack.JETTY, "HttpConfiguration.setSendServerVersion(false) and setSendXPoweredBy(false)",
                Stack.SPRING_BOOT, "server.server-header= (empty) and server.error.include-stacktrace=never");
        hint(CORS, CORS,
                Stack.NGINX, "do not add_header Access-Control-Allow-Origin $http_origin; map allowed origins explicitly",
                Stack.TOMCAT, "CorsFilter cors.allowed.origins listing your origins (never *, with credentials)",
                Stack.SPRING_BOOT, "@CrossOrigin / CorsConfiguration.setAllowedOrigins(List.of(...)), not allowedOriginPatterns(\"*\")");
        hint(TLS_PROTOCOLS, TLS_PROTOCOLS,
                Stack.NGINX, "ssl_protocols TLSv1.2 TLSv1.3;",
                Stack.APACHE, "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                Stack.TOMCAT, "<SSLHostConfig protocols=\"TLSv1.2+TLSv1.3\">",
                Stack.JETTY, "SslContextFactory.setIncludeProtocols(\"TLSv1.2\", \"TLSv1.3\")",
                Stack.SPRING_BOOT, "server.ssl.enabled-protocols=TLSv1.2,TLSv1.3");
        String ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
        hint(TLS_CIPHERS, TLS_CIPHERS,
                Stack.NGINX, "ssl_ciphers " + ciphers + ";",
                Stack.APACHE, "SSLCipherSuite " + ciphers,
                Stack.TOMCAT, "<SSLHostConfig ciphers=\"" + ciphers + "\">",
                Stack.JETTY, "SslContextFactory.setExcludeCipherSuites(\"^.*_CBC_.*$\", \"^TLS_RSA_.*$\") (JDK defaults "
                        + "otherwise)",
                Stack.SPRING_BOOT, "server.ssl.ciphers=" + ciphers.replace(':', ','));
        hint(TLS_CERTIFICATE_KEY, TLS_CERTIFICATE_KEY);
        hint(TLS_CHAIN, TLS_CHAIN,
                Stack.NGINX, "ssl_certificate must point to the full chain (fullchain.pem), not the leaf alone",
                Stack.APACHE, "SSLCertificateFile with the full chain (Apache 2.4.8+), or SSLCertificateChainFile",
                Stack.TOMCAT, "certificateChainFile (or a keystore entry with the whole chain)",
                Stack.JETTY, "a keystore entry holding the whole chain");
        hint(TLS_RENEGOTIATION, TLS_RENEGOTIATION,
                Stack.NGINX, "upgrade nginx/OpenSSL (nginx refuses client renegotiation since 1.0.x)",
                Stack.APACHE, "SSLInsecureRenegotiation off and a current OpenSSL",
                Stack.JETTY, "SslContextFactory.setRenegotiationAllowed(false)",
                Stack.TOMCAT, "-Djdk.tls.rejectClientInitiatedRenegotiation=true");
        hint(TLS_STAPLING, TLS_STAPLING,
                Stack.NGINX, "ssl_stapling on; ssl_stapling_verify on; with a resolver",
                Stack.APACHE, "SSLUseStapling On and SSLStaplingCache shmcb:...",
                Stack.TOMCAT, "-Djdk.tls.server.enableStatusRequestExtension=true (JSSE)",
                Stack.JETTY, "-Djdk.tls.server.enableStatusRequestExtension=true (JSSE)",
                Stack.SPRING_BOOT, "-Djdk.tls.server.enableStatusRequestExtension=true (JSSE)");
        hint(TLS_STAPLING_STALE, TLS_STAPLING_STALE,
                Stack.NGINX, "without ssl_stapling_file nginx fetches and refreshes the answer itself (ssl_stapling on; "
                        + "a resolver); with it, refresh the file (openssl ocsp -respout) and reload",
                Stack.APACHE, "SSLUseStapling On with SSLStaplingCache; SSLStaplingReturnResponderErrors off");
        hint(TLS_STAPLING_REVOKED, TLS_STAPLING_REVOKED);
        hint(CERTIFICATE, CERTIFICATE);
        hint(TRACE, TRACE,
                Stack.APACHE, "TraceEnable Off",
                Stack.TOMCAT, "Connector allowTrace=\"false\" (the default)",
                Stack.JETTY, "a servlet overriding doTrace or a security constraint on TRACE",
                Stack.SPRING_BOOT, "keep Spring's default (TRACE is refused); do not set server.tomcat allowTrace");
        hint(ERROR_PAGES, ERROR_PAGES,
                Stack.NGINX, "server_tokens off; and error_page for 4xx/5xx",
                Stack.APACHE, "ServerSignature Off, ServerTokens Prod and ErrorDocument",
                Stack.TOMCAT, "ErrorReportValve showReport=\"false\" showServerInfo=\"false\"",
                Stack.JETTY, "ErrorHandler.setShowStacks(false) and setShowServlet(false)",
                Stack.SPRING_BOOT, "server.error.include-stacktrace=never, server.error.whitelabel.enabled=false");
        hint(PROTECTED, PROTECTED);
        hint(SRI, SRI);
    }

    private Fix() {
    }

    /**
     * The hint for {@code key} on {@code stacks}: the Portcullis key when Portcullis answered,
     * else the setting of each recognised server (front server first), else general advice.
     */
    static String adapt(String key, Set<Stack> stacks) {
        if (key == null) {
            return null;
        }
        if (stacks.contains(Stack.PORTCULLIS) && key.startsWith("portcullis.")) {
            return key;
        }
        Map<Stack, String> byStack = BY_STACK.getOrDefault(key, Map.of());
        List<String> out = new ArrayList<>();
        for (Stack s : stacks) {
            if (s != Stack.PORTCULLIS && byStack.containsKey(s)) {
                out.add(s.label() + ": " + byStack.get(s));
            }
        }
        if (!out.isEmpty()) {
            return String.join(" | ", out);
        }
        return GENERIC.getOrDefault(key, key);
    }
}
