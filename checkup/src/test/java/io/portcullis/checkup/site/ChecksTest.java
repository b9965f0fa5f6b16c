package io.portcullis.checkup.site;

import static io.portcullis.checkup.site.Responses.https;
import static io.portcullis.checkup.site.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {

    private static Map<String, Finding> byId(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::id, Function.identity()));
    }

    @ParameterizedTest(name = "[{index}] GET {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "301 | https://example.com/       | PASS",
        "308 | https://example.com/       | PASS",
        "302 | https://example.com/       | WARN",
        "307 | https://example.com/       | WARN",
        "301 | https://www.example.com/   | FAIL",
        "301 | http://example.com/login   | FAIL",
        "200 | ''                         | FAIL",
    })
    void redirectGet(int status, String location, Status expected) {
        Response r = location.isEmpty() ? page("http://example.com/", status, "")
                : page("http://example.com/", status, "", "Location", location);
        assertThat(Checks.redirectGet(r).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] POST {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "308 | PASS", "307 | PASS", "301 | WARN", "302 | WARN", "303 | WARN", "200 | FAIL", "405 | WARN", "500 | FAIL",
    })
    void redirectPost(int status, Status expected) {
        Response r = status >= 300 && status < 400 ? page("http://example.com/", status, "", "Location",
                "https://example.com/") : page("http://example.com/", status, "");
        assertThat(Checks.redirectPost(r).status()).isEqualTo(expected);
    }

    @Test
    void forgedHostEchoedInLocationFails() {
        String evil = SiteAudit.EVIL_HOST;
        assertThat(Checks.openRedirect("t", "Host", page("http://example.com/", 301, "", "Location",
                "https://" + evil + "/"), evil).status()).isEqualTo(Status.FAIL);
        assertThat(Checks.openRedirect("t", "X-Forwarded-Host", page("http://example.com/", 302,
                "<a href=\"https://" + evil + "/\">moved</a>"), evil).status()).isEqualTo(Status.FAIL);
        assertThat(Checks.openRedirect("t", "Host", page("http://example.com/", 400, ""), evil).status())
                .isEqualTo(Status.PASS);
        assertThat(Checks.openRedirect("t", "Host", page("http://example.com/", 301, "", "Location",
                "https://example.com/"), evil).status()).isEqualTo(Status.PASS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "max-age=31536000; includeSubDomains; preload | PASS | PASS | PASS | PASS",
        "max-age=31536000                             | PASS | PASS | WARN | PASS",
        "max-age=15552000; includeSubDomains          | PASS | WARN | PASS | PASS",
        "max-age=600; includeSubDomains               | PASS | FAIL | PASS | PASS",
        "max-age=600; includeSubDomains; preload      | PASS | FAIL | PASS | WARN",
        "includeSubDomains                            | FAIL | NULL | NULL | NULL",
        "NULL                                         | FAIL | NULL | NULL | NULL",
    })
    void hsts(String value, Status present, Status maxAge, Status sub, Status preload) {
        Response r = value == null ? https() : https("Strict-Transport-Security", value);
        Map<String, Finding> f = byId(Checks.hsts(r, List.of(), HstsPreload.none(), "example.com"));
        assertThat(f.get("hsts.present").status()).isEqualTo(present);
        assertThat(Optional.ofNullable(f.get("hsts.max-age")).map(Finding::status).orElse(null)).isEqualTo(maxAge);
        assertThat(Optional.ofNullable(f.get("hsts.include-subdomains")).map(Finding::status).orElse(null)).isEqualTo(sub);
        assertThat(Optional.ofNullable(f.get("hsts.preload")).map(Finding::status).orElse(null)).isEqualTo(preload);
    }

    @Test
    void hstsOverPlainHttpIsFlagged() {
        Response plain = page("http://example.com/", 301, "", "Location", "https://example.com/",
                "Strict-Transport-Security", "max-age=31536000");
        assertThat(byId(Checks.hsts(https("Strict-Transport-Security", "max-age=31536000"), List.of(plain), HstsPreload.none(), "example.com"))
                .get("hsts.absent-on-http").status()).isEqualTo(Status.WARN);
        Response clean = page("http://example.com/", 301, "", "Location", "https://example.com/");
        assertThat(byId(Checks.hsts(https("Strict-Transport-Security", "max-age=31536000"), List.of(clean), HstsPreload.none(), "example.com"))
                .get("hsts.absent-on-http").status()).isEqualTo(Status.PASS);
        assertThat(byId(Checks.hsts(null, List.of(clean), HstsPreload.none(), "example.com")).get("hsts.present").status()).isEqualTo(Status.FAIL);
    }

    private static Map<String, Finding> cookieFindings(String... headers) {
        return byId(Checks.cookies(Stream.of(headers).map(h -> SetCookie.parse(h).orElseThrow()).toList()));
    }

    @Test
    void hardenedCookiesPassEveryCookieCheck() {
        Map<String, Finding> f = cookieFindings("JSESSIONID=1; Path=/; Secure; HttpOnly; SameSite=Lax",
                "__Host-id=2; Path=/; Secure; HttpOnly; SameSite=Strict", "XSRF-TOKEN=3; Path=/; Secure; SameSite=Lax");
        assertThat(f.values()).allSatisfy(x -> assertThat(x.status()).as(x.id()).isEqualTo(Status.PASS));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "JSESSIONID=1; Path=/; HttpOnly; SameSite=Lax                | cookies.secure         | FAIL",
        "JSESSIONID=1; Path=/; Secure; SameSite=Lax                  | cookies.http-only      | FAIL",
        "auth_token=1; Path=/; Secure; SameSite=Lax                  | cookies.http-only      | FAIL",
        "theme=1; Path=/; Secure                                     | cookies.same-site      | WARN",
        "theme=1; Path=/; Secure; SameSite=Sometimes                 | cookies.same-site      | FAIL",
        "theme=1; Path=/; SameSite=None                              | cookies.same-site-none | FAIL",
        "__Secure-id=1; Path=/; SameSite=Lax                         | cookies.prefixes       | FAIL",
        "__Host-id=1; Path=/app; Secure; SameSite=Lax                | cookies.prefixes       | FAIL",
        "__Host-id=1; Path=/; Domain=example.com; Secure; SameSite=Lax | cookies.prefixes     | FAIL",
    })
    void weakCookieFails(String header, String id, Status expected) {
        assertThat(cookieFindings(header).get(id).status()).isEqualTo(expected);
    }

    @Test
    void noCookiesIsAPass() {
        assertThat(Checks.cookies(List.of())).singleElement().extracting(Finding::status).isEqualTo(Status.PASS);
    }

    private static final String STRICT_CSP = "default-src 'self'; script-src 'nonce-r4nd0m'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'";

    @Test
    void strictCspPassesEveryCspCheck() {
        assertThat(Checks.csp(https("Content-Security-Policy", STRICT_CSP), null))
                .allSatisfy(x -> assertThat(x.status()).as(x.id()).isEqualTo(Status.PASS));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none' | headers.csp.script-src     | FAIL",
        "default-src 'self'; script-src 'self' data:; object-src 'none'; frame-ancestors 'none'           | headers.csp.script-src     | FAIL",
        "default-src 'self'; script-src *; object-src 'none'; frame-ancestors 'none'                      | headers.csp.script-src     | FAIL",
        "default-src 'self'; script-src https:; object-src 'none'; frame-ancestors 'none'                 | headers.csp.script-src     | FAIL",
        "img-src 'self'; object-src 'none'; frame-ancestors 'none'                                        | headers.csp.script-src     | FAIL",
        "default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; frame-ancestors 'none'   | headers.csp.unsafe-eval    | FAIL",
        "default-src 'self'; frame-ancestors 'none'                                                       | headers.csp.object-src     | WARN",
        "default-src *; script-src 'self'; frame-ancestors 'none'                                         | headers.csp.object-src     | FAIL",
        "default-src 'self'; object-src 'none'                                                            | headers.csp.frame-ancestors | WARN",
        "default-src 'self'; object-src 'none'; frame-ancestors *                                         | headers.csp.frame-ancestors | FAIL",
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'                                     | headers.csp.default-src    | FAIL",
        "default-src 'self'; default-src *                                                                | headers.csp                | FAIL",
    })
    void weakCspFails(String policy, String id, Status expected) {
        assertThat(byId(Checks.csp(https("Content-Security-Policy", policy), null)).get(id).status()).isEqualTo(expected);
    }

    @Test
    void missingOrReportOnlyCspFails() {
        assertThat(byId(Checks.csp(https(), null)).get("headers.csp").status()).isEqualTo(Status.FAIL);
        assertThat(byId(Checks.csp(https("Content-Security-Policy-Report-Only", STRICT_CSP), null)).get("headers.csp")
                .detail()).contains("Report-Only");
    }

    @Test
    void headerChecksPassOnHardenedPage() {
        Response r = https("X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY",
                "Referrer-Policy", "strict-origin-when-cross-origin", "Cross-Origin-Opener-Policy", "same-origin",
                "Cross-Origin-Resource-Policy", "same-origin",
                "Permissions-Policy", "camera=(), microphone=(), geolocation=(self \"https://maps.example\")",
                "Server", "Jetty");
        assertThat(List.of(Checks.nosniff(r), Checks.framing(r, null), Checks.referrer(r, null), Checks.coop(r), Checks.coep(r),
                Checks.corp(r), Checks.permissions(r), Checks.serverVersion(r)))
                .allSatisfy(x -> assertThat(x.status()).as(x.id() + " " + x.detail()).isEqualTo(Status.PASS));
    }

    @Test
    void headerChecksFailOnBarePage() {
        Response r = https("Server", "Jetty(12.1.14)", "X-Powered-By", "Servlet/6.0", "Referrer-Policy", "unsafe-url",
                "Permissions-Policy", "camera 'none'", "X-Frame-Options", "ALLOWALL");
        assertThat(List.of(Checks.nosniff(r), Checks.framing(r, null), Checks.referrer(r, null), Checks.permissions(r),
                Checks.serverVersion(r)))
                .allSatisfy(x -> assertThat(x.status()).as(x.id() + " " + x.detail()).isEqualTo(Status.FAIL));
        assertThat(Checks.coop(r).status()).isEqualTo(Status.WARN);
        assertThat(Checks.corp(r).status()).isEqualTo(Status.WARN);
        assertThat(Checks.permissions(https()).status()).isEqualTo(Status.WARN);
    }

    @ParameterizedTest(name = "[{index}] Server: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "nginx/1.22.1 | FAIL", "Apache/2.4.62 (Debian) | FAIL", "Jetty(12.1.14) | FAIL", "Apache-Coyote/1.1 | FAIL",
        "nginx | PASS", "Apache | PASS", "cloudflare | PASS",
    })
    void serverVersion(String server, Status expected) {
        assertThat(Checks.serverVersion(https("Server", server)).status()).isEqualTo(expected);
    }

    @Test
    void corsReflectionFailsAndFixedOriginPasses() {
        String origin = "https://x.checkup-origin.example";
        assertThat(Checks.cors("c", https("Access-Control-Allow-Origin", origin), origin).status()).isEqualTo(Status.FAIL);
        assertThat(Checks.cors("c", https("Access-Control-Allow-Origin", "null", "Access-Control-Allow-Credentials",
                "true"), "null").status()).isEqualTo(Status.FAIL);
        assertThat(Checks.cors("c", https("Access-Control-Allow-Origin", "https://app.example"), origin).status())
                .isEqualTo(Status.PASS);
        assertThat(Checks.cors("c", https(), origin).status()).isEqualTo(Status.PASS);
    }

    @Test
    void traceEchoFailsAndRefusalPasses() {
        assertThat(Checks.trace(page("https://example.com/", 200, "TRACE / HTTP/1.1\r\nX-Checkup-Trace: m1",
                "Content-Type", "message/http"), "m1").status()).isEqualTo(Status.FAIL);
        assertThat(Checks.trace(page("https://example.com/", 405, "Method Not Allowed"), "m1").status())
                .isEqualTo(Status.PASS);
        assertThat(Checks.trace(page("https://example.com/", 200, "<html>home</html>", "Content-Type", "text/html"),
                "m1").status()).isEqualTo(Status.PASS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "java.lang.IllegalStateException: boom\n\tat com.example.Shop.buy(Shop.java:42)",
        "jakarta.servlet.ServletException: x",
        "Traceback (most recent call last):",
        "<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>",
        "<hr/><a href=\"https://jetty.org/\">Powered by Jetty:// 12.1.14</a><hr/>",
        "<hr><center>nginx/1.22.1</center>",
        "<h3>Apache Tomcat/10.1.48</h3>",
        "<b>Warning</b>:  Undefined variable $x in <b>/var/www/index.php</b> on line <b>3</b>",
    })
    void leaksAreRecognised(String body) {
        assertThat(Checks.leak(body)).isPresent();
        assertThat(Checks.errorPage("e", "GET /x", page("https://example.com/x", 500, body)).status())
                .isEqualTo(Status.FAIL);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "<h1>Not found</h1>",
        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"code\":\"bad-json\"}",
        "Please log in at login.html",
        "Our exceptional service",
    })
    void plainErrorPagesPass(String body) {
        assertThat(Checks.leak(body)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "401 | ''                                  | PASS",
        "403 | ''                                  | PASS",
        "302 | https://example.com/login?next=/admin | PASS",
        "303 | /login                              | PASS",
        "302 | https://example.com/admin           | FAIL",
        "200 | ''                                  | FAIL",
        "500 | ''                                  | FAIL",
        "404 | ''                                  | WARN",
        "405 | ''                                  | WARN",
    })
    void protectedPath(int status, String location, Status expected) {
        Response r = location.isEmpty() ? page("https://example.com/admin", status, "")
                : page("https://example.com/admin", status, "", "Location", location);
        assertThat(Checks.protectedPath("/admin", r).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] valid from {0} to {1} days -> {2}")
    @CsvSource({"-1,90,PASS", "-1,13,WARN", "-1,6,FAIL", "-90,-1,FAIL", "2,90,FAIL"})
    void certificateDates(int fromDays, int toDays, Status expected) throws Exception {
        java.security.cert.X509Certificate leaf = TestCertificates.certificate(TestCertificates.keyPair(),
                List.of("localhost"), java.time.Duration.ofDays(fromDays),
                java.time.Duration.ofDays(toDays).plusMinutes(5));
        assertThat(Checks.certificate(new Certificates.Result(leaf, null, "TLSv1.3"), java.time.Instant.now()).status())
                .isEqualTo(expected);
    }

    @Test
    void certificateThatDidNotVerifyFails() {
        assertThat(Checks.certificate(new Certificates.Result(null, "certificate has expired", null),
                java.time.Instant.now()).status()).isEqualTo(Status.FAIL);
    }

}
