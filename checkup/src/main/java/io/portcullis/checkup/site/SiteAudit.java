package io.portcullis.checkup.site;

import io.portcullis.checkup.site.Score.Observation;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Audits one running site from outside, the way an attacker sees it: plain HTTP and its
 * redirect, the certificate and TLS versions, the headers and cookies of the page and
 * {@code /robots.txt}, forged Host headers, TRACE, forced errors and the protected paths.
 * Nothing is sent that a browser or a curious visitor would not send; no login is attempted.
 */
public final class SiteAudit {

    /**
     * What to audit.
     *
     * @param url       the site, {@code http://} (preferred: the redirect is checked) or {@code https://}
     * @param caCert    PEM file of the CA (or self-signed certificate) to trust instead of the JDK's, or null
     * @param protect   paths that must be denied to an anonymous client
     * @param minGrade  the lowest passing grade
     */
    public record Options(URI url, Path caCert, List<String> protect, Grade minGrade) {
        public Options {
            protect = List.copyOf(protect);
        }
    }

    /** The site did not answer at all: there is nothing to grade. */
    public static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String EVIL_HOST = "checkup-evil.example";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Options options;
    private final Clock clock;

    public SiteAudit(Options options) {
        this(options, Clock.systemUTC());
    }

    SiteAudit(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    public Report run() throws IOException, GeneralSecurityException {
        Instant start = clock.instant();
        URI given = withPath(options.url());
        SSLContext verifying = Certificates.verifying(options.caCert());
        Http verified = new Http(verifying);
        List<Finding> findings = new ArrayList<>();

        URI httpUrl = null;
        URI httpsUrl = null;
        Response plain = null;
        boolean noHttp = false;
        if ("http".equalsIgnoreCase(given.getScheme())) {
            httpUrl = given;
            plain = fetchOrUnreachable(verified, given);
            Optional<URI> to = plain.isRedirect() ? plain.location() : Optional.empty();
            if (to.isPresent() && "https".equalsIgnoreCase(to.get().getScheme())
                    && to.get().getHost() != null && to.get().getHost().equalsIgnoreCase(given.getHost())) {
                httpsUrl = uri("https", to.get().getHost(), to.get().getPort(), given);
            } else if (Http.port(given) == 80) {
                httpsUrl = uri("https", given.getHost(), -1, given);
            }
        } else {
            httpsUrl = given;
            if (Http.port(given) == 443) {
                httpUrl = uri("http", given.getHost(), -1, given);
                try {
                    plain = verified.get(httpUrl);
                } catch (IOException e) {
                    noHttp = true;
                    httpUrl = null;
                }
            }
        }

        // certificate first: it decides which client sees the rest
        Certificates.Result cert = null;
        Http client = verified;
        Response page = null;
        if (httpsUrl != null) {
            try {
                cert = Certificates.check(verifying, httpsUrl.getHost(), Http.port(httpsUrl));
            } catch (IOException e) {
                if ("https".equalsIgnoreCase(given.getScheme())) {
                    throw new UnreachableException("cannot connect to " + httpsUrl + ": " + describe(e), e);
                }
                httpsUrl = null;
            }
        }
        if (cert != null) {
            findings.add(Checks.certificate(cert, clock.instant()));
            if (!cert.valid()) {
                client = new Http(Certificates.unverified());
            }
            page = fetchOrUnreachable(client, httpsUrl);
        } else {
            findings.add(Finding.fail("transport.certificate", "no HTTPS found for " + given.getHost()
                    + (plain != null && !plain.isRedirect() ? " (plain HTTP does not redirect to it)" : ""),
                    Fix.HTTPS_REDIRECT));
        }
        boolean certValid = cert != null && cert.valid();
        final Http c = client;
        Response graded = page != null ? page : plain;
        if (graded.status() < 200 || graded.status() >= 300) {
            findings.add(Finding.warn("transport.page", "the audited page " + graded.uri() + " answered "
                    + graded.status() + "; headers of a 2xx page are what matter most (the Observatory refuses "
                    + "non-2xx pages)", null));
        }

        // ------------------------------------------------------------ transport
        if (plain != null) {
            findings.add(Checks.redirectGet(plain));
            URI postTo = httpUrl;
            findings.add(attempt("transport.redirect-post", Status.WARN, () -> Checks.redirectPost(c.send("POST",
                    postTo, Map.of("Content-Type", "application/x-www-form-urlencoded"), "checkup=1"))));
        } else if (noHttp) {
            findings.add(Finding.pass("transport.redirect-get", "nothing listens on plain HTTP port 80"));
        } else {
            findings.add(Finding.warn("transport.redirect-get", "not checked: give the http:// URL to check the "
                    + "redirect to HTTPS (the HTTPS port is not the default)", null));
        }
        for (URI u : nonNull(httpUrl, httpsUrl)) {
            String scheme = u.getScheme().toLowerCase();
            findings.add(attempt("transport.forged-host." + scheme, Status.PASS, () -> Checks.openRedirect(
                    "transport.forged-host." + scheme, "Host", c.send("GET", u, Map.of("Host", EVIL_HOST), null),
                    EVIL_HOST)));
            findings.add(attempt("transport.forwarded-host." + scheme, Status.PASS, () -> Checks.openRedirect(
                    "transport.forwarded-host." + scheme, "X-Forwarded-Host",
                    c.send("GET", u, Map.of("X-Forwarded-Host", EVIL_HOST), null), EVIL_HOST)));
        }
        if (httpsUrl != null) {
            String host = httpsUrl.getHost();
            int port = Http.port(httpsUrl);
            findings.add(attempt("transport.tls-versions", Status.WARN, () -> {
                List<TlsProbe.Accepted> legacy = new ArrayList<>();
                List<String> refused = new ArrayList<>();
                for (TlsProbe.Version v : List.of(TlsProbe.Version.TLS_1_0, TlsProbe.Version.TLS_1_1)) {
                    TlsProbe.offer(host, port, v, TlsProbe.LEGACY_OFFER).ifPresentOrElse(legacy::add,
                            () -> refused.add(v.label));
                }
                return Checks.legacyProtocols(legacy, refused);
            }));
            findings.add(attempt("transport.tls-ciphers", Status.WARN, () -> Checks.weakCiphers(
                    TlsProbe.offer(host, port, TlsProbe.Version.TLS_1_2, TlsProbe.WEAK))));
        }

        // ------------------------------------------------------------ HSTS, cookies, headers
        findings.addAll(Checks.hsts(page, plain));
        URI base = graded.uri();
        List<SetCookie> cookies = new ArrayList<>(cookiesOf(graded));
        try {
            cookies.addAll(cookiesOf(client.get(base.resolve("/robots.txt"))));
        } catch (IOException e) {
            // no robots.txt answer: nothing to collect
        }
        cookies = new ArrayList<>(jar(cookies));
        findings.addAll(Checks.cookies(cookies));
        findings.addAll(Checks.csp(graded));
        findings.add(Checks.nosniff(graded));
        findings.add(Checks.framing(graded));
        findings.add(Checks.referrer(graded));
        findings.add(Checks.coop(graded));
        findings.add(Checks.coep(graded));
        findings.add(Checks.corp(graded));
        findings.add(Checks.permissions(graded));
        findings.add(Checks.serverVersion(graded));
        String origin = "https://" + token() + ".checkup-origin.example";
        findings.add(attempt("headers.cors", Status.WARN, () -> Checks.cors("headers.cors",
                c.send("GET", base, Map.of("Origin", origin), null), origin)));
        findings.add(attempt("headers.cors-null", Status.WARN, () -> Checks.cors("headers.cors-null",
                c.send("GET", base, Map.of("Origin", "null"), null), "null")));

        // ------------------------------------------------------------ behaviour
        String marker = token();
        String authority = Http.authority(base);
        findings.add(attempt("behaviour.trace", Status.PASS, () -> Checks.trace(c.raw(base, "TRACE " + pathOf(base)
                + " HTTP/1.1\r\nHost: " + authority + "\r\nX-Checkup-Trace: " + marker), marker)));
        String missing = "/checkup-" + token() + "-does-not-exist";
        findings.add(attempt("behaviour.error-404", Status.WARN, () -> Checks.errorPage("behaviour.error-404",
                "GET " + missing, c.get(base.resolve(missing)))));
        findings.add(attempt("behaviour.error-malformed-path", Status.PASS, () -> Checks.errorPage(
                "behaviour.error-malformed-path", "GET /%%zz (bad percent-encoding)",
                c.raw(base, "GET /%%zz HTTP/1.1\r\nHost: " + authority))));
        findings.add(attempt("behaviour.error-malformed-query", Status.PASS, () -> Checks.errorPage(
                "behaviour.error-malformed-query", "GET ?%zz=%uffff (bad query encoding)",
                c.raw(base, "GET " + pathOf(base) + "?%zz=%uffff&a[=1 HTTP/1.1\r\nHost: " + authority))));
        findings.add(attempt("behaviour.error-bad-json", Status.WARN, () -> Checks.errorPage("behaviour.error-bad-json",
                "POST of broken JSON", c.send("POST", base, Map.of("Content-Type", "application/json"),
                        "{\"checkup\": ["))));

        // ------------------------------------------------------------ protected paths
        for (String p : options.protect()) {
            String path = p.startsWith("/") ? p : "/" + p;
            findings.add(attempt("protected." + path, Status.WARN, () -> Checks.protectedPath(path,
                    c.get(base.resolve(path)))));
        }

        // ------------------------------------------------------------ Observatory score
        List<Response> hops = new ArrayList<>();
        if (plain != null) {
            hops.add(plain);
            Response at = plain;
            for (int i = 0; i < 9 && at.isRedirect() && at.location().isPresent(); i++) {
                URI next = at.location().get();
                try {
                    at = client.get(next);
                } catch (IOException e) {
                    break;
                }
                hops.add(at);
            }
        }
        Observation hsts = Observatory.hsts(page, certValid);
        boolean hstsPasses = hsts.expectation() == Expectation.HSTS_AT_LEAST_SIX_MONTHS
                || hsts.expectation() == Expectation.HSTS_PRELOADED;
        boolean https = "https".equalsIgnoreCase(graded.uri().getScheme());
        Observation cors;
        String observatoryOrigin = "https://http-observatory.security.mozilla.org";
        try {
            cors = Observatory.cors(client.send("GET", base, Map.of("Origin", observatoryOrigin), null), observatoryOrigin);
        } catch (IOException e) {
            cors = new Observation(Expectation.CORS_NOT_IMPLEMENTED, "no answer to a request with Origin: " + describe(e));
        }
        List<Observation> obs = List.of(
                Observatory.csp(graded, https),
                Observatory.cookies(cookies, hstsPasses),
                cors,
                Observatory.redirection(hops, noHttp ? "nothing listens on plain HTTP port 80"
                        : httpUrl == null ? "not tested: no http:// URL given for a non-default HTTPS port" : null,
                        certValid),
                Observatory.referrer(graded),
                hsts,
                Observatory.sri(graded),
                Observatory.xcto(graded),
                Observatory.xfo(graded),
                Observatory.coop(graded),
                Observatory.coep(graded),
                Observatory.corp(graded));
        return new Report(options.url().toString(), graded.uri().toString(), start, findings, Score.of(obs),
                options.minGrade());
    }

    /** One probe whose own I/O failure must not stop the audit. */
    @FunctionalInterface
    private interface Probe {
        Finding run() throws IOException;
    }

    /**
     * Runs {@code probe}; when the server closes or resets the connection instead of answering,
     * that is reported with {@code onNoAnswer}: {@link Status#PASS} where silence is a refusal
     * (forged Host, TRACE, malformed requests: nginx {@code return 444} does exactly that),
     * {@link Status#WARN} where the check simply could not be made.
     */
    private static Finding attempt(String id, Status onNoAnswer, Probe probe) {
        try {
            return probe.run();
        } catch (IOException e) {
            String what = "no answer (" + describe(e) + ")";
            return onNoAnswer == Status.PASS ? Finding.pass(id, what + ": refused")
                    : Finding.warn(id, "could not check: " + what, null);
        }
    }

    private static Response fetchOrUnreachable(Http http, URI uri) throws UnreachableException {
        try {
            return http.get(uri);
        } catch (IOException e) {
            throw new UnreachableException("cannot reach " + uri + ": " + describe(e), e);
        }
    }

    private static List<SetCookie> cookiesOf(Response r) {
        return r.all("Set-Cookie").stream().map(SetCookie::parse).flatMap(Optional::stream).toList();
    }

    /** Like a cookie jar: a later cookie of the same name replaces the earlier one. */
    static List<SetCookie> jar(List<SetCookie> in) {
        Map<String, SetCookie> byName = new java.util.LinkedHashMap<>();
        in.forEach(c -> byName.put(c.name(), c));
        return List.copyOf(byName.values());
    }

    /** "connection refused", "timed out", ... rather than a bare exception class name. */
    static String describe(IOException e) {
        String what = e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.http.HttpConnectTimeoutException || e instanceof java.net.SocketTimeoutException
                ? "timed out" : e instanceof java.net.UnknownHostException ? "unknown host" : e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? what : what + " (" + e.getMessage() + ")";
    }

    private static List<URI> nonNull(URI... uris) {
        List<URI> out = new ArrayList<>();
        for (URI u : uris) {
            if (u != null) {
                out.add(u);
            }
        }
        return out;
    }

    private static String pathOf(URI u) {
        String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
    }

    private static URI withPath(URI u) {
        return u.getRawPath() == null || u.getRawPath().isEmpty() ? u.resolve("/") : u;
    }

    private static URI uri(String scheme, String host, int port, URI pathFrom) {
        try {
            return new URI(scheme, null, host, port, pathFrom.getPath(), pathFrom.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
