package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.ContentSecurityPolicyFilter;
import io.portcullis.filters.DeployCheck;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.HstsFilter;
import io.portcullis.filters.HttpsRedirectFilter;
import io.portcullis.filters.SecureCookieFilter;
import io.portcullis.filters.SecurityHeadersFilter;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** À-la-carte packaging, report-only modes, the deploy-check log block and the loop guard's log line. */
class OperabilityTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private final HttpClient client = TrustingClient.trusting(CERT);

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, List<String>> security(HttpHeaders h) {
        Map<String, List<String>> out = new TreeMap<>();
        h.map().forEach((k, v) -> {
            if (!List.of("date", "content-length", "content-type", "server", "content-security-policy").contains(k.toLowerCase())) {
                // Expires is computed from the clock at each request: compare it as a placeholder
                out.put(k.toLowerCase(), v.stream().map(x -> x.replaceAll("Expires=[^;]+", "Expires=*")).toList());
            }
        });
        return out;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void alaCarteWhenAllFiveChainedThenSameAnswersAsHardeningFilter(ServletContainer container) throws Exception {
        HardeningPolicy p = HardeningPolicy.defaults();
        try (TestServer one = container.builder().https(CERT).servlet("app", new AppServlet(), "/app/*")
                .filter("all", new HardeningFilter(p), "/*").start();
             TestServer five = container.builder().https(CERT).servlet("app", new AppServlet(), "/app/*")
                     .filter("redirect", new HttpsRedirectFilter(p), "/*")
                     .filter("hsts", new HstsFilter(p), "/*")
                     .filter("cookies", new SecureCookieFilter(p), "/*")
                     .filter("headers", new SecurityHeadersFilter(p), "/*")
                     .filter("csp", new ContentSecurityPolicyFilter(p), "/*").start()) {
            for (String path : List.of("/app/hello", "/app/cookies", "/app/own-headers", "/app/send-error")) {
                HttpResponse<String> a = get(one.https(path));
                HttpResponse<String> b = get(five.https(path));
                assertThat(b.statusCode()).as(path).isEqualTo(a.statusCode());
                assertThat(security(b.headers())).as(path).isEqualTo(security(a.headers()));
                assertThat(b.headers().firstValue("Content-Security-Policy")).isEqualTo(a.headers().firstValue("Content-Security-Policy"));
            }
            HttpResponse<String> ra = get(one.http("/app/hello"), "Host", "localhost:8080");
            HttpResponse<String> rb = get(five.http("/app/hello"), "Host", "localhost:8080");
            assertThat(rb.statusCode()).isEqualTo(ra.statusCode()).isEqualTo(301);
            assertThat(rb.headers().firstValue("Location")).isEqualTo(ra.headers().firstValue("Location"));
            assertThat(get(five.http("/app/hello"), "Host", "evil.example").statusCode()).isEqualTo(400);
            // one part alone does only its part
            assertThat(get(five.https("/app/hello")).headers().firstValue("Strict-Transport-Security")).isPresent();
        }
        try (TestServer hstsOnly = container.builder().https(CERT).servlet("app", new AppServlet(), "/app/*")
                .filter("hsts", new HstsFilter(p), "/*").start()) {
            HttpResponse<String> r = get(hstsOnly.https("/app/hello"));
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000; includeSubDomains");
            assertThat(r.headers().firstValue("X-Frame-Options")).isEmpty();
            assertThat(get(hstsOnly.http("/app/hello")).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void reportOnlyWhenOnThenLogsWhatWouldChangeAndChangesNothing(ServletContainer container) throws Exception {
        try (LogCapture log = new LogCapture();
             TestServer s = container.builder().https(CERT).servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", new HardeningFilter(), "/*",
                             Map.of("portcullis.report-only.https", "true", "portcullis.report-only.cookies", "true")).start()) {
            HttpResponse<String> r = get(s.http("/app/public/cookies"), "Host", "localhost");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Set-Cookie")).filteredOn(l -> l.startsWith("hdr=")).singleElement()
                    .isEqualTo("hdr=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
            assertThat(get(s.http("/app/hello"), "Host", "evil.example").statusCode()).isEqualTo(200);
            assertThat(log.messages()).contains(
                    "INFO Portcullis report-only: would redirect GET \"http://localhost:80/app/public/cookies\" with 301 to \"https://localhost/app/public/cookies\"",
                    "INFO Portcullis report-only: would rewrite cookie hdr: [SameSite=Lax, HttpOnly]",
                    "WARNING Portcullis report-only: would refuse Host \"evil.example\" (not in portcullis.hosts.allowed)");
            assertThat(log.messages()).anyMatch(m -> m.contains("HTTPS_REPORT_ONLY") && m.contains("COOKIES_REPORT_ONLY"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void deployCheckWhenFilterStartsThenOneBlockAndFindingsFromCode(ServletContainer container) throws Exception {
        HardeningFilter filter = new HardeningFilter();
        try (LogCapture log = new LogCapture();
             TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", filter, "/*", Map.of("portcullis.hsts.max-age", "3600", "portcullis.csp.policy", "off")).start()) {
            List<String> blocks = log.messages().stream().filter(m -> m.contains("effective policy")).toList();
            assertThat(blocks).singleElement().satisfies(b -> assertThat(b)
                    .startsWith("WARNING Portcullis HardeningFilter effective policy:\n  https: redirect=301/308")
                    .contains("\n  hsts: max-age=3600; includeSubDomains\n")
                    .contains("WARNING HSTS_SHORT: HSTS max-age 3600 is under 6 months")
                    .contains("WARNING CSP_OFF: no Content-Security-Policy [portcullis.csp.policy]")
                    // no SessionCookieHardener initializer here: the filter applied its own policy to JSESSIONID
                    .doesNotContain("SESSION_COOKIE_NOT_HARDENED"));
            assertThat(filter.findings()).extracting(DeployCheck.Finding::id)
                    .containsExactly("HSTS_SHORT", "HOSTS_LOOPBACK_ONLY", "CSP_OFF",
                            "CSRF_PROTECTION_MISSING"); // a servlet and no CSRF filter, on the real container
            // forwarding headers from an untrusted peer show up as a runtime finding
            get(s.http("/app/hello"), "X-Forwarded-For", "203.0.113.7");
            assertThat(filter.findings()).extracting(DeployCheck.Finding::id).contains("FORWARDED_FROM_UNTRUSTED_PEER");
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING Portcullis: forwarding headers")
                    && m.contains("add it to portcullis.proxy.trusted"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void portWhenPlainHttpOnUnmappedPortThenReportedOnceInLogAndFindings(ServletContainer container) throws Exception {
        HardeningFilter filter = new HardeningFilter();
        try (LogCapture log = new LogCapture();
             TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", filter, "/*").start()) {
            int port = s.httpPort();
            // the attack on availability: a random plain-HTTP port is not in 80:443,8080:8443, so the redirect goes to 443
            HttpResponse<String> r = get(s.http("/app/hello"));
            assertThat(r.statusCode()).isEqualTo(301);
            assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1/app/hello");
            get(s.http("/app/hello"));
            assertThat(filter.findings()).filteredOn(f -> f.id().equals("HTTPS_PORT_UNMAPPED")).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(DeployCheck.Severity.WARNING);
                assertThat(f.key()).isEqualTo("portcullis.https.port-map");
                assertThat(f.message()).contains("port " + port);
            });
            assertThat(log.messages()).filteredOn(m -> m.contains("does not cover")).containsExactly(
                    "WARNING Portcullis: a plain-HTTP request arrived on port " + port + ", which portcullis.https.port-map "
                    + "(80:443,8080:8443) does not cover, so it was redirected to the HTTPS default port 443; if HTTPS listens "
                    + "elsewhere add " + port + ":<https port> to portcullis.https.port-map (see docs/hardening-filters.md, \"Ports\")");
        }
        // positive control: the one-line fix maps the port (here the one the client names in Host), nothing is reported
        HardeningFilter mapped = new HardeningFilter();
        try (LogCapture log = new LogCapture();
             TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", mapped, "/*", Map.of("portcullis.https.port-map", "9090:9443")).start()) {
            HttpResponse<String> r = get(s.http("/app/hello"), "Host", "127.0.0.1:9090");
            assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1:9443/app/hello");
            assertThat(mapped.findings()).extracting(DeployCheck.Finding::id).doesNotContain("HTTPS_PORT_UNMAPPED");
            assertThat(log.messages()).noneMatch(m -> m.contains("does not cover"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void loopGuardWhenUntrustedProxySaysHttpsThen500AndLogNamesProxyNotTrusted(ServletContainer container) throws Exception {
        try (LogCapture log = new LogCapture();
             TestServer s = container.builder().servlet("app", new AppServlet(), "/app/*")
                     .filter("portcullis", new HardeningFilter(), "/*").start()) {
            HttpResponse<String> r = get(s.http("/app/hello?a=b"), "Host", "localhost", "X-Forwarded-Proto", "https");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"code\":\"REDIRECT_LOOP\"").doesNotContain("at io.");
            assertThat(log.messages()).anyMatch(m -> m.startsWith("SEVERE Portcullis: refusing to redirect GET \"http://localhost:80/app/hello?a=b\"")
                    && m.contains("the proxy is not trusted") && m.contains("portcullis.proxy.trusted"));
            // positive control: without the header it is an ordinary redirect
            assertThat(get(s.http("/app/hello?a=b"), "Host", "localhost").statusCode()).isEqualTo(301);
        }
    }
}
