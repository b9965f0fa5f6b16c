package io.portcullis.checkup.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.checkup.site.ObservatoryScan.Hop;
import io.portcullis.checkup.site.ObservatoryScan.Retrieved;
import io.portcullis.checkup.site.ObservatoryScan.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The port of {@code @mdn/mdn-http-observatory} 1.4.8 on hand-built retrievals: each rule, and
 * each of its known bugs reproduced (the number is the Observatory's) beside a control.
 */
class ObservatoryPortTest {

    private static Response page(String uri, int status, String body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new Response(URI.create(uri), status, h, body);
    }

    /** An HTTPS session ending on {@code auto}, and an HTTP session redirecting to it. */
    private static Retrieved retrieved(Response auto, Response... corsAndMore) {
        Session https = new Session(URI.create("https://example.com/"));
        https.alive = true;
        https.response = auto;
        https.responses.add(auto);
        https.history.add(new Hop(auto.uri(), auto.status()));
        https.jar.store(auto);
        Session http = new Session(URI.create("http://example.com/"));
        http.alive = true;
        http.response = auto;
        http.history.add(new Hop(URI.create("http://example.com/"), 301));
        http.history.add(new Hop(auto.uri(), auto.status()));
        return new Retrieved("example.com", http, https, https, auto, corsAndMore.length > 0 ? corsAndMore[0] : null);
    }

    private static Expectation run(Expectation.Test test, Retrieved r) {
        return Observatory.tests(r, HstsPreload.none()).stream().filter(o -> o.test() == test).findFirst()
                .orElseThrow().expectation();
    }

    private static Response html(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "text/html; charset=utf-8";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return page("https://example.com/", 200, body, all);
    }

    /**
     * Expected values measured with the Observatory's own tough-cookie 5.1.2 (tldts 7.6.4):
     * {@code getPublicSuffix(d, {allowSpecialUseDomain: true, ignoreError: true})} in node, on
     * 2026-12-02; "refused" where it returned undefined.
     */
    @ParameterizedTest(name = "Domain={0} refused: {1}")
    @CsvSource({
        "com, true", "uk, true", "co.uk, true", "example.co.uk, false", "www.example.com, false",
        "github.io, true", "user.github.io, false", "blogspot.com, true", "s3.amazonaws.com, true",
        "appspot.com, true", "x.appspot.com, false", "kawasaki.jp, false", "x.kawasaki.jp, true",
        "city.kawasaki.jp, false", "127.0.0.1, true", "localhost, false", "invalid, false", "test, true",
        "a.test, false", "local, true", "printer.local, false", "example, true", "internal, true",
        "foo.internal, false",
    })
    void cookieDomainThatIsAPublicSuffixIsRefusedAsToughCookieDoes(String domain, boolean refused) {
        assertThat(CookieJar.publicSuffixRefuses(domain)).isEqualTo(refused);
    }

    @Test
    void cookieJarDropsADomainCookieOnAPublicSuffixAndKeepsTheRegistrableOne() {
        CookieJar jar = new CookieJar();
        jar.store(page("https://www.example.co.uk/", 200, "", "Set-Cookie", "wide=1; Domain=co.uk; Path=/",
                "Set-Cookie", "site=1; Domain=example.co.uk; Path=/", "Set-Cookie", "host=1; Path=/"));
        assertThat(jar.all()).extracting(CookieJar.Stored::name).containsExactly("site", "host");
        assertThat(jar.header(URI.create("https://www.example.co.uk/"))).hasValue("site=1; host=1");
    }

    @Test
    void cookieJarDropsDomainOnAnIpAddressLikeTheObservatoryButKeepsHostOnlyCookies() {
        CookieJar jar = new CookieJar();
        jar.store(page("https://127.0.0.1/", 200, "", "Set-Cookie", "ip=1; Domain=127.0.0.1",
                "Set-Cookie", "plain=1"));
        assertThat(jar.all()).extracting(CookieJar.Stored::name).containsExactly("plain");
    }

    @Test
    void tenTestsNoCoopNoCoep() {
        assertThat(Observatory.tests(retrieved(html("<p>")), HstsPreload.none())).hasSize(10)
                .noneMatch(o -> o.test() == Expectation.Test.COOP || o.test() == Expectation.Test.COEP);
    }

    @Test
    void corsReflectionIsNeverUniversalInTheObservatory() {
        Response cors = page("https://example.com/", 200, "", "Access-Control-Allow-Origin",
                ObservatoryScan.CORS_ORIGIN, "Access-Control-Allow-Credentials", "true");
        assertThat(run(Expectation.Test.CORS, retrieved(html("<p>"), cors))).isEqualTo(Expectation.CORS_RESTRICTED);
        Response star = page("https://example.com/", 200, "", "Access-Control-Allow-Origin", "*");
        assertThat(run(Expectation.Test.CORS, retrieved(html("<p>"), star))).isEqualTo(Expectation.CORS_PUBLIC);
        assertThat(run(Expectation.Test.CORS, retrieved(html("<p>")))).isEqualTo(Expectation.CORS_NOT_IMPLEMENTED);
    }

    @Test
    void hstsMaxAgeThatIsNotANumberCountsAsSixMonths() {
        assertThat(run(Expectation.Test.HSTS, retrieved(html("<p>", "Strict-Transport-Security",
                "max-age=\"31536000\"")))).isEqualTo(Expectation.HSTS_AT_LEAST_SIX_MONTHS);
        assertThat(run(Expectation.Test.HSTS, retrieved(html("<p>", "Strict-Transport-Security", "max-age=600"))))
                .isEqualTo(Expectation.HSTS_LESS_THAN_SIX_MONTHS);
        assertThat(run(Expectation.Test.HSTS, retrieved(html("<p>", "Strict-Transport-Security", "max-age=31536000",
                "Strict-Transport-Security", "max-age=31536000")))).isEqualTo(Expectation.HSTS_INVALID);
        assertThat(run(Expectation.Test.HSTS, retrieved(html("<p>", "Strict-Transport-Security", "includeSubDomains"))))
                .isEqualTo(Expectation.HSTS_INVALID);
    }

    @Test
    void metaFrameAncestorsEarnsTheXfoBonusInTheObservatory() {
        Response r = html("<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
                + "frame-ancestors 'none'\"></head>");
        assertThat(run(Expectation.Test.XFO, retrieved(r))).isEqualTo(Expectation.XFO_VIA_CSP);
        assertThat(run(Expectation.Test.CSP, retrieved(r))).isEqualTo(Expectation.CSP_NO_UNSAFE);
        assertThat(run(Expectation.Test.XFO, retrieved(html("<p>", "X-Frame-Options", "DENY"))))
                .isEqualTo(Expectation.XFO_SAMEORIGIN_OR_DENY);
        assertThat(Expectation.XFO_SAMEORIGIN_OR_DENY.modifier()).isZero();
    }

    @Test
    void metaOnlyFrameAncestorsIsNotACsp() {
        Response r = html("<head><meta http-equiv=\"Content-Security-Policy\" content=\"frame-ancestors 'none'\">");
        assertThat(run(Expectation.Test.CSP, retrieved(r))).isEqualTo(Expectation.CSP_NOT_IMPLEMENTED);
        assertThat(run(Expectation.Test.XFO, retrieved(r))).isEqualTo(Expectation.XFO_NOT_IMPLEMENTED);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "default-src 'none'                                           | csp-implemented-with-no-unsafe-default-src-none",
        "default-src 'self'; default-src 'none'                       | csp-header-invalid",
        "img-                                                         | csp-header-invalid",
        "default-src 'self'; script-src 'strict-dynamic'              | csp-header-invalid",
        "default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline' | csp-implemented-with-no-unsafe",
        "default-src 'self'; script-src 'self' 'unsafe-inline'       | csp-implemented-with-unsafe-inline",
        "default-src 'self'; img-src http://cdn.example              | csp-implemented-with-insecure-scheme-in-passive-content-only",
        "default-src 'self'; style-src 'unsafe-inline'               | csp-implemented-with-unsafe-inline-in-style-src-only",
        "default-src 'self'; report-uri /a; report-uri /b            | csp-implemented-but-duplicate-directives",
        "default-src 'self' 'unsafe-eval'                            | csp-implemented-with-unsafe-eval",
    })
    void cspRules(String policy, String expected) {
        assertThat(run(Expectation.Test.CSP, retrieved(html("<p>", "Content-Security-Policy", policy))).token())
                .isEqualTo(expected);
    }

    @Test
    void twoCspHeadersAreReadAsOneJoinedPolicy() {
        // Node joins them: "default-src 'none', script-src 'self'" is one policy whose default-src has 3 sources
        Response two = html("<p>", "Content-Security-Policy", "default-src 'none'", "Content-Security-Policy",
                "script-src 'self'");
        assertThat(run(Expectation.Test.CSP, retrieved(two))).isEqualTo(Expectation.CSP_NO_UNSAFE);
        Response one = html("<p>", "Content-Security-Policy", "default-src 'none'");
        assertThat(run(Expectation.Test.CSP, retrieved(one))).isEqualTo(Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE);
    }

    @Test
    void cspParserKeepsTheObservatorysQuirks() {
        assertThatThrownBy(() -> Observatory.parseCsp(List.of("abc"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Observatory.parseCsp(List.of("default-src 'self' https://a.example https://a.example/x")).get(
                "default-src")).containsExactly("'self'", "https://a.example");
        assertThat(Observatory.parseCsp(List.of("script-src")).get("script-src")).containsExactly("'none'");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "<script src=/app.js></script>                                         | sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "<script src=\"//cdn.other/x.js\" integrity=\"sha384-x\"></script>     | sri-implemented-but-external-scripts-not-loaded-securely",
        "<script src=\"https://cdn.other/x.js\"></script>                      | sri-not-implemented-but-external-scripts-loaded-securely",
        "<script src=\"https://static.example.com/x.js\"></script>             | sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "<script src=\"http://static.example.com/x.js\"></script>              | sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "<script src=\"http://cdn.other/x.js\"></script>                       | sri-not-implemented-and-external-scripts-not-loaded-securely",
        "<!-- <script src=\"http://cdn.other/x.js\"></script> --><p>x</p>      | sri-not-implemented-but-no-scripts-loaded",
        "<textarea><script src=\"http://cdn.other/x.js\"></script></textarea>  | sri-not-implemented-but-no-scripts-loaded",
        "<script>inline()</script>                                             | sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
    })
    void sriAsJsdomReadsIt(String body, String expected) {
        assertThat(run(Expectation.Test.SRI, retrieved(html(body))).token()).isEqualTo(expected);
    }

    @Test
    void registrableDomainAsTldts() {
        assertThat(Observatory.registrableDomain("cdn.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(Observatory.registrableDomain("static.example.com")).isEqualTo("example.com");
        assertThat(Observatory.registrableDomain("a.b.test")).isEqualTo("b.test");
        assertThat(Observatory.registrableDomain("localhost")).isNull();
        assertThat(Observatory.registrableDomain("127.0.0.1")).isNull();
    }

    @Test
    void referrerFromMetaAndHeaderLastValidWins() {
        assertThat(run(Expectation.Test.REFERRER, retrieved(html("<meta name=referrer content=no-referrer>"))))
                .isEqualTo(Expectation.REFERRER_PRIVATE);
        assertThat(run(Expectation.Test.REFERRER, retrieved(html("<meta name=referrer content=unsafe-url>",
                "Referrer-Policy", "no-referrer")))).isEqualTo(Expectation.REFERRER_UNSAFE);
        assertThat(run(Expectation.Test.REFERRER, retrieved(html("<p>")))).isEqualTo(Expectation.REFERRER_NOT_IMPLEMENTED);
    }

    @Test
    void cookiesFromTheJarWithPrefixRulesAndExpiredOnesKept() {
        Response r = html("<p>", "Set-Cookie", "__Host-x=1; Path=/", "Set-Cookie", "gone=1; Max-Age=0; Secure");
        assertThat(run(Expectation.Test.COOKIES, retrieved(r))).isEqualTo(Expectation.COOKIES_SECURE_HTTPONLY);
        Response bad = html("<p>", "Set-Cookie", "a=1; Secure; SameSite=Lux");
        assertThat(run(Expectation.Test.COOKIES, retrieved(bad))).isEqualTo(Expectation.COOKIES_SAMESITE_INVALID);
        Response good = html("<p>", "Set-Cookie", "sessionid=1; Secure; HttpOnly; SameSite=Lax");
        assertThat(run(Expectation.Test.COOKIES, retrieved(good)))
                .isEqualTo(Expectation.COOKIES_SECURE_HTTPONLY_SAMESITE);
    }

    @Test
    void redirectionRules() {
        Retrieved r = retrieved(html("<p>"));
        assertThat(run(Expectation.Test.REDIRECTION, r)).isEqualTo(Expectation.REDIRECTION_TO_HTTPS);
        r.http().history.clear();
        r.http().history.add(new Hop(URI.create("http://example.com/"), 301));
        r.http().history.add(new Hop(URI.create("http://www.example.com/"), 301));
        r.http().history.add(new Hop(URI.create("https://www.example.com/"), 200));
        assertThat(run(Expectation.Test.REDIRECTION, r)).isEqualTo(Expectation.REDIRECTION_NOT_TO_HTTPS_ON_INITIAL);
        r.http().history.subList(1, 3).clear();
        assertThat(run(Expectation.Test.REDIRECTION, r)).isEqualTo(Expectation.REDIRECTION_MISSING);
        r.http().response = null;
        assertThat(run(Expectation.Test.REDIRECTION, r)).isEqualTo(Expectation.REDIRECTION_NOT_NEEDED_NO_HTTP);
    }

    @Test
    void htmlTypeIsComparedExactly() {
        Response upper = page("https://example.com/", 200, "<script src=http://cdn.other/x.js></script>",
                "Content-Type", "Text/HTML");
        assertThat(run(Expectation.Test.SRI, retrieved(upper))).isEqualTo(Expectation.SRI_NOT_HTML);
    }

    @Test
    void refusesWhatTheObservatoryRefuses() {
        assertThat(Observatory.refusal(retrieved(page("https://example.com/", 404, "")))).contains(
                "Site did respond with an unexpected HTTP status code 404.");
        assertThat(Observatory.refusal(retrieved(page("https://example.com/", 403, "")))).isEmpty();
        assertThat(Observatory.refusal(retrieved(page("https://example.com/", 302, "")))).isEmpty();
    }
}
