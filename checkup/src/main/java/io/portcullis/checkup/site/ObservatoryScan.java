package io.portcullis.checkup.site;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the MDN HTTP Observatory 1.4.8 fetches before it grades ({@code src/retriever/}), done the
 * same way so the score is its score:
 * <ul>
 *   <li>two sessions, {@code http://host[:port]/path} and {@code https://host[:port]/path}, each
 *       following up to ten 301/302/303/307/308 redirects with GET and keeping one cookie jar
 *       along its chain; a certificate error restarts the session without verification (and
 *       marks it unverified); any other error on any hop ends the session with no answer;</li>
 *   <li>the graded page ("auto") is the final answer of the HTTPS session when it got one,
 *       else of the HTTP session;</li>
 *   <li>{@code /robots.txt} is fetched by a second client that has no cookie jar (its cookies are
 *       lost: an Observatory bug) except after a certificate error, where the replacement client
 *       shares the jar and records the hop;</li>
 *   <li>a CORS preflight ({@code OPTIONS}, {@code Origin: https://http-observatory.security.mozilla.org})
 *       goes to the last URL of the graded session's chain.</li>
 * </ul>
 */
final class ObservatoryScan {

    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
    static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String CORS_ORIGIN = "https://http-observatory.security.mozilla.org";
    static final int MAX_REDIRECTS = 10;
    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

    /** One answer in a session's chain. */
    record Hop(URI url, int status) {
    }

    /** One session: its start URL, final answer (null when it got none) and chain. */
    static final class Session {
        final URI url;
        final CookieJar jar = new CookieJar();
        final List<Hop> history = new ArrayList<>();
        final List<Response> responses = new ArrayList<>();
        Response response;
        boolean verified = true;
        boolean alive;

        Session(URI url) {
            this.url = url;
        }
    }

    /**
     * Everything the ten tests read.
     *
     * @param hostname the scanned host (the HSTS preload list is looked up for it)
     * @param http     the plain-HTTP session
     * @param https    the HTTPS session
     * @param session  the session whose answer is graded
     * @param auto     the graded answer, or null when neither session got one
     * @param cors     the answer to the CORS preflight, or null
     */
    record Retrieved(String hostname, Session http, Session https, Session session, Response auto, Response cors) {
    }

    private final Http verifying;
    private final Http unverified;

    ObservatoryScan(Http verifying, Http unverified) {
        this.verifying = verifying;
        this.unverified = unverified;
    }

    Retrieved retrieve(URI httpUrl, URI httpsUrl) {
        Session http = open(httpUrl);
        Session https = open(httpsUrl);
        Session session = https.alive ? https : http;
        Response auto = session.response;
        Response cors = null;
        if (session.alive) {
            if (!session.verified) {
                // the replacement client shares the jar and the redirect-recording interceptor
                try {
                    follow(session, session.url.resolve("/robots.txt"), unverified, "text/plain,*/*;q=0.8");
                } catch (IOException e) {
                    // the Observatory ignores a failed robots.txt
                }
            }
            URI corsUrl = session.history.isEmpty() ? session.url : session.history.get(session.history.size() - 1).url();
            cors = preflight(corsUrl, session.verified ? verifying : unverified);
        }
        return new Retrieved(httpUrl.getHost(), http, https, session, auto, cors);
    }

    private Session open(URI url) {
        Session s = new Session(url);
        try {
            s.response = follow(s, url, verifying, ACCEPT);
            s.alive = true;
        } catch (IOException e) {
            if (isCertificateError(e)) {
                s.history.clear();
                s.responses.clear();
                s.verified = false;
                try {
                    s.response = follow(s, url, unverified, ACCEPT);
                    s.alive = true;
                } catch (IOException again) {
                    s.response = null;
                }
            }
        }
        return s;
    }

    /** GETs {@code url} and its redirects (at most {@value #MAX_REDIRECTS} in all for the session). */
    private static Response follow(Session s, URI url, Http http, String accept) throws IOException {
        URI at = url;
        while (true) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", accept);
            headers.put("User-Agent", USER_AGENT);
            s.jar.header(at).ifPresent(c -> headers.put("Cookie", c));
            Response r = http.send("GET", at, headers, null);
            s.jar.store(r);
            s.history.add(new Hop(at, r.status()));
            s.responses.add(r);
            if (s.history.size() - 1 < MAX_REDIRECTS && REDIRECTS.contains(r.status())) {
                // axios hands the interceptor headers.location, undefined when absent: new URL("undefined", url)
                String location = r.first("Location").orElse("undefined");
                at = resolve(at, location);
                continue;
            }
            return r;
        }
    }

    private static Response preflight(URI url, Http http) {
        URI at = url;
        try {
            for (int i = 0; i <= MAX_REDIRECTS; i++) {
                Response r = http.send("OPTIONS", at, Map.of("Accept", ACCEPT, "User-Agent", USER_AGENT,
                        "Access-Control-Request-Method", "GET", "Origin", CORS_ORIGIN), null);
                if (!REDIRECTS.contains(r.status()) || r.first("Location").isEmpty()) {
                    return r;
                }
                at = resolve(at, r.first("Location").get());
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    static URI resolve(URI base, String location) throws IOException {
        try {
            return base.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("unusable Location \"" + location + "\"", e);
        }
    }

    static boolean isCertificateError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException) {
                return true;
            }
            if (t.getMessage() != null && (t.getMessage().contains("PKIX path") || t.getMessage().contains(
                    "No subject alternative") || t.getMessage().contains("No name matching"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A header as Node's HTTP parser hands it to the Observatory: repeated fields joined with
     * {@code ", "}, except the few Node keeps only the first of.
     */
    static Optional<String> nodeHeader(Response r, String name) {
        if (r == null) {
            return Optional.empty();
        }
        List<String> values = r.all(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (FIRST_ONLY.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(values.get(0));
        }
        return Optional.of(String.join(", ", values));
    }

    private static final List<String> FIRST_ONLY = List.of("age", "authorization", "content-length", "content-type",
            "etag", "expires", "from", "host", "if-modified-since", "if-unmodified-since", "last-modified", "location",
            "max-forwards", "proxy-authorization", "referer", "retry-after", "server", "user-agent");
}
