package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.boot.app.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application with {@code spring-boot-starter-security} and its defaults (every page
 * needs a log-in, form log-in, Spring's CSRF and header writers on). Measures the coexistence:
 * no header appears twice on any answer, and {@code portcullis.boot.header-owner} decides whose
 * value the shared headers carry.
 */
class WithSpringSecurityTest {

    static final Pattern SPRING_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    static HttpResponse<String> get(int port, String path) {
        return Http.send(Tls.CLIENT, Http.get("https://localhost:" + port + path).header("Accept", "text/html"));
    }

    /** Every header except Set-Cookie appears at most once. */
    static void noHeaderTwice(HttpResponse<?> r) {
        for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("set-cookie")) {
                assertThat(h.getValue()).as("header " + h.getKey()).hasSize(1);
            }
        }
    }

    @Nested
    @SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portcullis.hsts.max-age=600",
        "spring.security.user.name=alice", "spring.security.user.password=correct-horse"})
    class PortcullisOwnsSharedHeaders {

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void tls(DynamicPropertyRegistry r) {
            Tls.serverSsl(r);
        }

        @Test
        void sharedHeadersCarryPortcullisValuesOnceAndSpringKeepsItsOwn() {
            HttpResponse<String> r = get(port, "/login");
            assertThat(r.statusCode()).isEqualTo(200);
            noHeaderTwice(r);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=600; includeSubDomains");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-store"));
        }

        @Test
        void anonymousPageRedirectsToLogInWithAHardenedJsessionid() {
            HttpResponse<String> r = get(port, "/");
            assertThat(r.statusCode()).isEqualTo(302);
            noHeaderTwice(r);
            assertThat(Http.setCookie(r, "JSESSIONID")).contains("Secure").contains("HttpOnly")
                    .contains("SameSite=Lax");
        }

        @Test
        void springCsrfRefusesAForgedLogInAndPortcullisStandsAsideForTheRealOne() {
            HttpResponse<String> page = get(port, "/login");
            String session = Http.setCookie(page, "JSESSIONID").split(";", 2)[0];
            Matcher m = SPRING_CSRF.matcher(page.body());
            assertThat(m.find()).isTrue();
            String form = "username=alice&password=correct-horse";
            HttpResponse<String> forged = Http.send(Tls.CLIENT,
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", session)
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(forged.statusCode())
                    .as("Spring Security refuses it (403, or 401 once its error page needs a log-in)")
                    .isIn(401, 403);
            HttpResponse<String> real = Http.send(Tls.CLIENT,
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", session)
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + m.group(1))));
            assertThat(real.statusCode()).isEqualTo(302);
            // logged in (not sent back to /login?error): Portcullis' CsrfFilter, which refuses an HTTPS POST
            // with neither Origin nor Referer, stood aside for this chain
            assertThat(real.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .doesNotContain("/login"));
        }
    }

    @Nested
    @SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portcullis.boot.header-owner=spring-security", "portcullis.hsts.max-age=600"})
    class SpringSecurityOwnsSharedHeaders {

        @LocalServerPort
        int port;

        @DynamicPropertySource
        static void tls(DynamicPropertyRegistry r) {
            Tls.serverSsl(r);
        }

        @Test
        void sharedHeadersCarrySpringValuesOnceAndPortcullisAddsTheRest() {
            HttpResponse<String> r = get(port, "/login");
            assertThat(r.statusCode()).isEqualTo(200);
            noHeaderTwice(r);
            assertThat(r.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000 ; includeSubDomains");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        }
    }

    /**
     * TLS ends at a proxy (the loopback client plays it): Spring Security's HSTS writer decides from
     * {@code request.isSecure()}, which HardeningFilter, trusting the proxy, answers with the
     * client's https; no {@code server.forward-headers-strategy} is set.
     */
    @Nested
    @SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "portcullis.boot.header-owner=spring-security", "portcullis.proxy.trusted=127.0.0.1/32,::1/128"})
    class BehindATrustedTlsProxy {

        @LocalServerPort
        int port;

        @Test
        void springSecuritySeesTheClientsHttpsThroughHardeningFilter() {
            HttpResponse<String> r = Http.send(Http.PLAIN, Http.get("http://localhost:" + port + "/login")
                    .header("Accept", "text/html").header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-For", "203.0.113.7"));
            assertThat(r.statusCode()).isEqualTo(200);
            noHeaderTwice(r);
            // Spring's own writer (header-owner=spring-security), which writes only when isSecure()
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000 ; includeSubDomains");
            // control: the same plain-HTTP request without the proxy's header is redirected, without HSTS
            HttpResponse<String> plain = Http.send(Http.PLAIN, Http.get("http://localhost:" + port + "/login")
                    .header("Accept", "text/html"));
            assertThat(plain.statusCode()).isEqualTo(301);
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }
}
