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
     * @param preloadList Chromium's HSTS preload JSON, or null (preload status is then not checked)
     */
    public record Options(URI url, Path caCert, List<String> protect, Grade minGrade, Path preloadList) {
        public Options {
            protect = List.copyOf(protect);
        }

        /** Without an HSTS preload list. */
        public Options(URI url, Path caCert, List<String> protect, Grade minGrade) {
            this(url, caCert, protect, minGrade, null);
        }
    }

    /** Told what the audit is doing, for a progress line; the default says nothing. */
    public interface Progress {
        /** A new stage starts. */
        default void step(String stage) {
        }

        /** The audit is over. */
        default void done() {
        }
    }

    /** The site did not answer at all: there is nothing to grade. */
    public static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The {@code --preload-list} file is not Chromium's JSON (or cannot be read): a usage error,
     * found before any request is sent.
     */
    public static final class PreloadListException extends IOException {
        PreloadListException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String EVIL_HOST = "checkup-evil.example";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Options options;
    private final Clock clock;
    private final Progress progress;

    public SiteAudit(Options options) {
        this(options, Clock.systemUTC(), new Progress() { });
    }

    public SiteAudit(Options options, Progress progress) {
        this(options, Clock.systemUTC(), progress);
    }

    SiteAudit(Options options, Clock clock) {
        this(options, clock, new Progress() { });
    }

    SiteAudit(Options options, Clock clock, Progress progress) {
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    public Report run() throws IOException, GeneralSecurityException {
        Instant start = clock.instant();
        URI given = withPath(options.url());
        SSLContext verifying = Certificates.verifying(options.caCert());
        Http verified = new Http(verifying);
        Http unverified = new Http(Certificates.unverified());
        HstsPreload preload = options.preloadList() == null ? HstsPreload.none() : HstsPreload.read(options.preloadList());
        List<Finding> findings = new ArrayList<>();
        List<Response> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        progress.step("plain HTTP");

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
            } else {
                httpsUrl = httpsLaterInChain(unverified, plain, given).orElse(null);
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
        if (plain != null) {
            seen.add(plain);
        }

        // certificate first: it decides which client sees the rest
        progress.step("certificate");
        Certificates.Result cert = null;
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
        } else {
            findings.add(Finding.fail("transport.certificate", "no HTTPS found for " + given.getHost()
                    + (plain != null && !plain.isRedirect() ? " (plain HTTP does not redirect to it)" : ""),
                    Fix.HTTPS_REDIRECT));
        }
        boolean certValid = cert != null && cert.valid();
        final Http c = certValid || cert == null ? verified : unverified;

        // the page a browser ends on: both sessions followed as the Observatory follows them
        progress.step("pages and redirects");
        URI obsHttp = httpUrl != null ? httpUrl : uri("http", given.getHost(), -1, given);
        URI obsHttps = httpsUrl != null ? httpsUrl : uri("https", given.getHost(), -1, given);
        ObservatoryScan.Retrieved retrieved = new ObservatoryScan(verified, unverified).retrieve(obsHttp, obsHttps);
        Response graded = retrieved.auto();
        if (graded == null) {
            graded = plain != null ? plain : fetchOrUnreachable(c, given);
        }
        Response page = retrieved.https().alive ? retrieved.https().response : null;
        List<Response> chain = retrieved.session() != null && retrieved.session().alive
                ? List.copyOf(retrieved.session().responses) : List.of(graded);
        seen.addAll(retrieved.http().responses);
        seen.addAll(retrieved.https().responses);
        findings.add(Checks.page(chain, graded, Observatory.refusal(retrieved).orElse(null)));

        // ------------------------------------------------------------ transport
        progress.step("transport");
        if (plain != null) {
            findings.add(Checks.redirectGet(plain));
            URI postTo = httpUrl;
            findings.add(attempt("transport.redirect-post", Status.WARN, () -> Checks.redirectPost(rec(seen,
                    c.send("POST", postTo, Map.of("Content-Type", "application/x-www-form-urlencoded"), "checkup=1")))));
        } else if (noHttp) {
            findings.add(Finding.pass("transport.redirect-get", "nothing listens on plain HTTP port 80"));
        } else {
            findings.add(Finding.warn("transport.redirect-get", "not checked: give the http:// URL to check the "
                    + "redirect to HTTPS (the HTTPS port is not the default)", null));
        }
        for (URI u : nonNull(httpUrl, httpsUrl)) {
            String scheme = u.getScheme().toLowerCase();
            findings.add(attempt("transport.forged-host." + scheme, Status.PASS, () -> Checks.openRedirect(
                    "transport.forged-host." + scheme, "Host", rec(seen, c.send("GET", u, Map.of("Host", EVIL_HOST),
                            null)), EVIL_HOST)));
            findings.add(attempt("transport.forwarded-host." + scheme, Status.PASS, () -> Checks.openRedirect(
                    "transport.forwarded-host." + scheme, "X-Forwarded-Host",
                    rec(seen, c.send("GET", u, Map.of("X-Forwarded-Host", EVIL_HOST), null)), EVIL_HOST)));
        }
        if (httpsUrl != null) {
            progress.step("TLS");
            findings.addAll(TlsAudit.run(httpsUrl.getHost(), Http.port(httpsUrl), cert,
                    Certificates.anchors(options.caCert())));
        }

        // ------------------------------------------------------------ HSTS, cookies, headers
        progress.step("headers");
        List<Response> plainHops = new ArrayList<>();
        if (plain != null) {
            plainHops.add(plain);
        }
        for (Response r : concat(retrieved.http().responses, retrieved.https().responses)) {
            if ("http".equalsIgnoreCase(r.uri().getScheme()) && !plainHops.contains(r)) {
                plainHops.add(r);
            }
        }
        findings.addAll(Checks.hsts(page, plainHops, preload, given.getHost()));
        URI base = graded.uri();
        List<SetCookie> cookies = new ArrayList<>();
        chain.forEach(r -> cookies.addAll(cookiesOf(r)));
        try {
            cookies.addAll(cookiesOf(rec(seen, c.get(base.resolve("/robots.txt")))));
        } catch (IOException e) {
            // no robots.txt answer: nothing to collect
        }
        List<SetCookie> jar = jar(cookies);
        HtmlPage html = graded.isHtml() ? HtmlPage.parse(graded.body()) : null;
        findings.addAll(Checks.cookies(jar));
        findings.addAll(Checks.csp(graded, html));
        findings.add(Checks.sri(graded, html));
        findings.add(Checks.nosniff(graded));
        findings.add(Checks.framing(graded, html));
        findings.add(Checks.referrer(graded, html));
        findings.add(Checks.coop(graded));
        findings.add(Checks.coep(graded));
        findings.add(Checks.corp(graded));
        findings.add(Checks.permissions(graded));
        findings.add(Checks.serverVersion(graded));
        String origin = "https://" + token() + ".checkup-origin.example";
        Response[] corsAnswer = new Response[1];
        findings.add(attempt("headers.cors", Status.WARN, () -> {
            corsAnswer[0] = rec(seen, c.send("GET", base, Map.of("Origin", origin), null));
            return Checks.cors("headers.cors", corsAnswer[0], origin);
        }));
        findings.add(attempt("headers.cors-null", Status.WARN, () -> Checks.cors("headers.cors-null",
                rec(seen, c.send("GET", base, Map.of("Origin", "null"), null)), "null")));

        // ------------------------------------------------------------ behaviour
        progress.step("behaviour");
        String marker = token();
        String authority = Http.authority(base);
        findings.add(attempt("behaviour.trace", Status.PASS, () -> Checks.trace(rec(seen, c.raw(base, "TRACE "
                + pathOf(base) + " HTTP/1.1\r\nHost: " + authority + "\r\nX-Checkup-Trace: " + marker)), marker)));
        String missing = "/checkup-" + token() + "-does-not-exist";
        findings.add(attempt("behaviour.error-404", Status.WARN, () -> Checks.errorPage("behaviour.error-404",
                "GET " + missing, rec(seen, c.get(base.resolve(missing))))));
        findings.add(attempt("behaviour.error-malformed-path", Status.PASS, () -> Checks.errorPage(
                "behaviour.error-malformed-path", "GET /%%zz (bad percent-encoding)",
                rec(seen, c.raw(base, "GET /%%zz HTTP/1.1\r\nHost: " + authority)))));
        findings.add(attempt("behaviour.error-malformed-query", Status.PASS, () -> Checks.errorPage(
                "behaviour.error-malformed-query", "GET ?%zz=%uffff (bad query encoding)",
                rec(seen, c.raw(base, "GET " + pathOf(base) + "?%zz=%uffff&a[=1 HTTP/1.1\r\nHost: " + authority)))));
        findings.add(attempt("behaviour.error-bad-json", Status.WARN, () -> Checks.errorPage("behaviour.error-bad-json",
                "POST of broken JSON", rec(seen, c.send("POST", base, Map.of("Content-Type", "application/json"),
                        "{\"checkup\": [")))));

        // ------------------------------------------------------------ protected paths
        for (String p : options.protect()) {
            String path = p.startsWith("/") ? p : "/" + p;
            findings.add(attempt("protected." + path, Status.WARN, () -> Checks.protectedPath(path,
                    rec(seen, c.get(base.resolve(path))))));
        }

        // ------------------------------------------------------------ the two scores
        progress.step("scores");
        Optional<String> refusal = Observatory.refusal(retrieved);
        Score observatory = refusal.isPresent() ? null : Score.of(Observatory.tests(retrieved, preload));
        Observation hsts = Extended.hsts(page, certValid, preload.preloaded(given.getHost()).isPresent());
        boolean hstsPasses = hsts.expectation() == Expectation.HSTS_AT_LEAST_SIX_MONTHS
                || hsts.expectation() == Expectation.HSTS_PRELOADED;
        boolean https = "https".equalsIgnoreCase(graded.uri().getScheme());
        Observation cors = corsAnswer[0] == null
                ? new Observation(Expectation.CORS_NOT_IMPLEMENTED, "no answer to a request with an Origin")
                : Extended.cors(corsAnswer[0], origin);
        Score extended = Score.of(List.of(
                Extended.csp(graded, https, html),
                Extended.cookies(jar, hstsPasses),
                cors,
                Observatory.redirection(retrieved, preload),
                Extended.referrer(graded, html),
                hsts,
                Extended.sri(graded, html),
                Extended.xcto(graded),
                Extended.xfo(graded),
                Extended.coop(graded),
                Extended.coep(graded),
                Extended.corp(graded)));

        // ------------------------------------------------------------ fix hints for who answered
        java.util.Set<Stack> stacks = Stack.recognise(seen);
        findings.add(Finding.pass("behaviour.software", "recognised: " + Stack.describe(stacks)
                + (stacks.isEmpty() ? " (fix hints are general)" : " (fix hints name its settings)")));
        List<Finding> adapted = findings.stream().map(f -> f.fix() == null ? f
                : new Finding(f.id(), f.area(), f.status(), f.detail(), Fix.adapt(f.fix(), stacks))).toList();
        progress.done();
        return new Report(options.url().toString(), graded.uri().toString(), start, adapted, observatory, extended,
                refusal.map(m -> "the Observatory would stop with: " + m).orElse(null), options.minGrade());
    }

    /** Where HTTPS lives when the first hop does not say: the first same-host https: URL of the chain. */
    private static Optional<URI> httpsLaterInChain(Http http, Response first, URI given) {
        Response at = first;
        for (int i = 0; i < ObservatoryScan.MAX_REDIRECTS && at.isRedirect() && at.location().isPresent(); i++) {
            URI next = at.location().get();
            if (next.getHost() == null || !next.getHost().equalsIgnoreCase(given.getHost())) {
                return Optional.empty();
            }
            if ("https".equalsIgnoreCase(next.getScheme())) {
                return Optional.of(uri("https", next.getHost(), next.getPort(), given));
            }
            try {
                at = http.get(next);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Response rec(List<Response> seen, Response r) {
        seen.add(r);
        return r;
    }

    private static List<Response> concat(List<Response> a, List<Response> b) {
        List<Response> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
                : e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException
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
