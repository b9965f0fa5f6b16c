package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.Responses.https;
import static io.portcullis.checkup.site.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExtendedTest {

    private static List<SetCookie> cookies(String... headers) {
        return Stream.of(headers).map(h -> SetCookie.parse(h).orElseThrow()).toList();
    }

    static Stream<Arguments> cookieCases() {
        return Stream.of(
                Arguments.of(List.of(), false, Expectation.COOKIES_NOT_FOUND),
                Arguments.of(List.of("SESSIONID=1; Secure; HttpOnly; SameSite=Lax"), true,
                        Expectation.COOKIES_SECURE_HTTPONLY_SAMESITE),
                Arguments.of(List.of("SESSIONID=1; Secure; HttpOnly"), true, Expectation.COOKIES_SECURE_HTTPONLY),
                Arguments.of(List.of("theme=dark; SameSite=Lax"), true, Expectation.COOKIES_WITHOUT_SECURE_BUT_HSTS),
                Arguments.of(List.of("theme=dark; SameSite=Lax"), false, Expectation.COOKIES_WITHOUT_SECURE),
                Arguments.of(List.of("JSESSIONID=1; HttpOnly; SameSite=Lax"), true,
                        Expectation.COOKIES_SESSION_WITHOUT_SECURE_BUT_HSTS),
                Arguments.of(List.of("JSESSIONID=1; HttpOnly; SameSite=Lax"), false,
                        Expectation.COOKIES_SESSION_WITHOUT_SECURE),
                Arguments.of(List.of("JSESSIONID=1; Secure; SameSite=Lax"), true,
                        Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY),
                Arguments.of(List.of("a=1; Secure; SameSite=Lux"), true, Expectation.COOKIES_SAMESITE_INVALID),
                Arguments.of(List.of("a=1; SameSite=None"), true, Expectation.COOKIES_SAMESITE_INVALID),
                Arguments.of(List.of("csrftoken=1; Secure"), true, Expectation.COOKIES_ANTICSRF_WITHOUT_SAMESITE),
                // worst wins, in the Observatory's order
                Arguments.of(List.of("JSESSIONID=1; Secure", "theme=1"), false,
                        Expectation.COOKIES_SESSION_WITHOUT_HTTPONLY),
                Arguments.of(List.of("heroku-session-affinity=1"), false, Expectation.COOKIES_NOT_FOUND));
    }

    @ParameterizedTest(name = "[{index}] {0} hsts={1}")
    @MethodSource("cookieCases")
    void cookies(List<String> headers, boolean hsts, Expectation expected) {
        assertThat(Extended.cookies(cookies(headers.toArray(String[]::new)), hsts).expectation()).isEqualTo(expected);
    }

    @Test
    void corsReflectingOriginWithCredentialsIsUniversal() {
        String origin = "https://attacker.example";
        assertThat(Extended.cors(https("Access-Control-Allow-Origin", origin,
                "Access-Control-Allow-Credentials", "true"), origin).expectation()).isEqualTo(Expectation.CORS_UNIVERSAL);
        assertThat(Extended.cors(https("Access-Control-Allow-Origin", "https://app.example",
                "Access-Control-Allow-Credentials", "true"), origin).expectation()).isEqualTo(Expectation.CORS_RESTRICTED);
        assertThat(Extended.cors(https("Access-Control-Allow-Origin", "*"), origin).expectation())
                .isEqualTo(Expectation.CORS_PUBLIC);
        assertThat(Extended.cors(https(), origin).expectation()).isEqualTo(Expectation.CORS_NOT_IMPLEMENTED);
    }

    private static Response redirect(String from, int status, String to) {
        return page(from, status, "", "Location", to);
    }

    @Test
    void redirection() {
        Response ok = page("https://example.com/", 200, "");
        assertThat(Extended.redirection(List.of(redirect("http://example.com/", 301, "https://example.com/"), ok),
                null, true).expectation()).isEqualTo(Expectation.REDIRECTION_TO_HTTPS);
        assertThat(Extended.redirection(List.of(redirect("http://example.com/", 301, "https://www.example.com/"),
                page("https://www.example.com/", 200, "")), null, true).expectation())
                .isEqualTo(Expectation.REDIRECTION_OFF_HOST_FROM_HTTP);
        assertThat(Extended.redirection(List.of(redirect("http://example.com/", 301, "http://www.example.com/"),
                redirect("http://www.example.com/", 301, "https://www.example.com/"),
                page("https://www.example.com/", 200, "")), null, true).expectation())
                .isEqualTo(Expectation.REDIRECTION_NOT_TO_HTTPS_ON_INITIAL);
        assertThat(Extended.redirection(List.of(redirect("http://example.com/", 301, "http://example.com/x"),
                page("http://example.com/x", 200, "")), null, true).expectation())
                .isEqualTo(Expectation.REDIRECTION_NOT_TO_HTTPS);
        assertThat(Extended.redirection(List.of(page("http://example.com/", 200, "")), null, true).expectation())
                .isEqualTo(Expectation.REDIRECTION_MISSING);
        assertThat(Extended.redirection(List.of(redirect("http://example.com/", 301, "https://example.com/"), ok),
                null, false).expectation()).isEqualTo(Expectation.REDIRECTION_INVALID_CERT);
        assertThat(Extended.redirection(List.of(), "nothing listens", true).expectation())
                .isEqualTo(Expectation.REDIRECTION_NOT_NEEDED_NO_HTTP);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "no-referrer                               | referrer-policy-private",
        "strict-origin-when-cross-origin           | referrer-policy-private",
        "unsafe-url                                | referrer-policy-unsafe",
        "no-referrer-when-downgrade                | referrer-policy-unsafe",
        "origin, strict-origin                     | referrer-policy-private",
        "strict-origin, unsafe-url                 | referrer-policy-unsafe",
        "nope                                      | referrer-policy-header-invalid",
    })
    void referrer(String value, String expected) {
        assertThat(Extended.referrer(https("Referrer-Policy", value), null).expectation().token()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                                        | hsts-not-implemented",
        "max-age=31536000                            | hsts-implemented-max-age-at-least-six-months",
        "max-age=15552000                            | hsts-implemented-max-age-at-least-six-months",
        "max-age=15551999                            | hsts-implemented-max-age-less-than-six-months",
        "includeSubDomains                           | hsts-header-invalid",
    })
    void hsts(String value, String expected) {
        Response r = value == null ? https() : https("Strict-Transport-Security", value);
        assertThat(Extended.hsts(r, true, false).expectation().token()).isEqualTo(expected);
    }

    @Test
    void hstsNeedsHttpsAndAValidCertificate() {
        assertThat(Extended.hsts(null, true, false).expectation()).isEqualTo(Expectation.HSTS_NO_HTTPS);
        assertThat(Extended.hsts(https("Strict-Transport-Security", "max-age=31536000"), false, false).expectation())
                .isEqualTo(Expectation.HSTS_INVALID_CERT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "<p>no scripts</p>                                                              | sri-not-implemented-but-no-scripts-loaded",
        "<script src=/app.js></script>                                                  | sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        "<script src='/app.js' integrity='sha384-x'></script>                           | sri-implemented-and-all-scripts-loaded-securely",
        "<script src=\"https://cdn.example/x.js\"></script>                             | sri-not-implemented-but-external-scripts-loaded-securely",
        "<script src=\"https://cdn.example/x.js\" integrity=\"sha384-x\"></script>      | sri-implemented-and-external-scripts-loaded-securely",
        "<script src=\"http://cdn.example/x.js\"></script>                              | sri-not-implemented-and-external-scripts-not-loaded-securely",
        "<script src=\"//cdn.example/x.js\" integrity=\"sha384-x\"></script>            | sri-implemented-and-external-scripts-loaded-securely",
        "<!-- <script src=\"http://cdn.example/old.js\"></script> --><p>                 | sri-not-implemented-but-no-scripts-loaded",
        "<noscript><script src=\"http://cdn.example/x.js\"></script></noscript>          | sri-not-implemented-but-no-scripts-loaded",
        "<script>inline()</script>                                                      | sri-not-implemented-but-no-scripts-loaded",
    })
    void sri(String html, String expected) {
        Response r = page("https://example.com/", 200, html, "Content-Type", "text/html; charset=utf-8");
        assertThat(Extended.sri(r, HtmlPage.parse(html)).expectation().token()).isEqualTo(expected);
    }

    @Test
    void sriOnlyForHtml() {
        assertThat(Extended.sri(page("https://example.com/", 200, "<script src=http://x/>", "Content-Type",
                "application/json"), null).expectation()).isEqualTo(Expectation.SRI_NOT_HTML);
    }

    @Test
    void xfoAndFrameAncestors() {
        assertThat(Extended.xfo(https("X-Frame-Options", "DENY")).expectation())
                .isEqualTo(Expectation.XFO_SAMEORIGIN_OR_DENY);
        assertThat(Extended.xfo(https("X-Frame-Options", "ALLOW-FROM https://a")).expectation())
                .isEqualTo(Expectation.XFO_ALLOW_FROM);
        assertThat(Extended.xfo(https("X-Frame-Options", "yes")).expectation()).isEqualTo(Expectation.XFO_INVALID);
        assertThat(Extended.xfo(https()).expectation()).isEqualTo(Expectation.XFO_NOT_IMPLEMENTED);
        assertThat(Extended.xfo(https("Content-Security-Policy", "frame-ancestors 'none'")).expectation())
                .isEqualTo(Expectation.XFO_VIA_CSP);
    }

    @Test
    void crossOriginHeaders() {
        assertThat(Extended.coop(https("Cross-Origin-Opener-Policy", "same-origin; report-to=\"x\"")).expectation())
                .isEqualTo(Expectation.COOP_SAME_ORIGIN);
        assertThat(Extended.coop(https("Cross-Origin-Opener-Policy", "same-origin",
                "Cross-Origin-Opener-Policy", "unsafe-none")).expectation()).isEqualTo(Expectation.COOP_INVALID);
        assertThat(Extended.coep(https("Cross-Origin-Embedder-Policy", "credentialless")).expectation())
                .isEqualTo(Expectation.COEP_CREDENTIALLESS);
        assertThat(Extended.corp(https("Cross-Origin-Resource-Policy", "same-site")).expectation())
                .isEqualTo(Expectation.CORP_SAME_SITE);
        assertThat(Extended.corp(https("Cross-Origin-Resource-Policy", "everyone")).expectation())
                .isEqualTo(Expectation.CORP_INVALID);
        assertThat(Extended.corp(https()).expectation()).isEqualTo(Expectation.CORP_NOT_IMPLEMENTED);
    }

    @Test
    void cspFromMetaTagCounts() {
        Response r = page("https://example.com/", 200,
                "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>",
                "Content-Type", "text/html");
        assertThat(Extended.csp(r, true, HtmlPage.parse(r.body())).expectation())
                .isEqualTo(Expectation.CSP_NO_UNSAFE_DEFAULT_SRC_NONE);
        assertThat(Extended.csp(https("Content-Security-Policy-Report-Only", "default-src 'none'"), true, null)
                .expectation()).isEqualTo(Expectation.CSP_NOT_IMPLEMENTED_BUT_REPORTING);
    }
}
