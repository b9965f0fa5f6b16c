package io.portcullis.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Over real HTTPS: every page carries the full header set, HTTP redirects, curl --cacert works. */
class HttpsHeadersTest {

    /** The header set every response must carry (hardening-filters defaults). */
    static final Map<String, String> EXPECTED = Map.of(
            "strict-transport-security", "max-age=31536000; includeSubDomains",
            "x-content-type-options", "nosniff",
            "x-frame-options", "DENY",
            "referrer-policy", "no-referrer",
            "cross-origin-opener-policy", "same-origin",
            "cross-origin-resource-policy", "same-origin",
            "x-permitted-cross-domain-policies", "none");

    private static DemoFixture demo;
    private static WebClient user;
    private static String fileId;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoFixture.start();
        user = demo.newUser();
        var r = user.postFile("/upload", Map.of("csrf", user.csrfFrom("/upload")), "notes.txt", "text/plain",
                "just some text\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        fileId = r.body().replaceAll("(?s).*href=\"/files/([0-9a-f]{32})\".*", "$1");
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    static void assertFullHeaderSet(String what, HttpResponse<?> r) {
        for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
            assertThat(r.headers().firstValue(e.getKey())).as(what + " " + e.getKey()).hasValue(e.getValue());
        }
        assertThat(r.headers().firstValue("permissions-policy")).as(what + " permissions-policy").isPresent();
        if (r.headers().firstValue("content-disposition").orElse("").startsWith("attachment")) {
            // a download: sendfile-support's own policy wins (the filter never replaces an app's header)
            assertThat(r.headers().firstValue("content-security-policy")).as(what + " CSP").hasValueSatisfying(csp ->
                    assertThat(csp).contains("sandbox"));
            return;
        }
        assertThat(r.headers().firstValue("content-security-policy")).as(what + " CSP").hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'none';").contains("frame-ancestors 'none'", "base-uri 'none'",
                        "form-action 'self'").doesNotContain("unsafe-inline", "unsafe-eval", "*", "data:", "https:"));
        // no product version (the app sends no Server header; a front server may say its name only)
        assertThat(r.headers().firstValue("server").orElse("")).as(what + " server").doesNotContain("/").doesNotContainIgnoringCase("jetty");
    }

    @TestFactory
    List<DynamicTest> everyGetRouteCarriesTheFullHeaderSetLoggedInAndAnonymous() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route r : demo.server.routes().routes()) {
            if (r.method() != HttpMethod.GET) {
                continue;
            }
            String path = r.expand(Map.of("id", fileId, "token", fileId));
            tests.add(dynamicTest("logged-in GET " + path, () -> assertFullHeaderSet(path, user.get(path))));
            tests.add(dynamicTest("anonymous GET " + path, () -> assertFullHeaderSet(path, demo.https().get(path))));
        }
        return tests;
    }

    @Test
    void pagesUsingInlineStyleCarryTheirNonceInTheCsp() {
        HttpResponse<String> r = user.get("/security");
        String csp = r.headers().firstValue("content-security-policy").orElseThrow();
        String nonce = r.body().replaceAll("(?s).*<script nonce=\"([^\"]+)\">.*", "$1");
        assertThat(csp).contains("script-src 'nonce-" + nonce + "'", "style-src 'nonce-" + nonce + "'",
                "connect-src 'self'"); // the security report fetches its own headers
        assertThat(user.get("/security").body()).doesNotContain(nonce); // fresh per response
    }

    @Test
    void cspListsOnlyWhatEachPageNeeds() {
        String home = demo.https().get("/").headers().firstValue("content-security-policy").orElseThrow();
        // the home page has a nonce'd style but no script and fetches nothing
        assertThat(home).startsWith("default-src 'none';").contains("script-src 'none'", "style-src 'nonce-", "img-src 'self'")
                .doesNotContain("connect-src");
        String problem = demo.https().get("/no-such-page").headers().firstValue("content-security-policy").orElseThrow();
        assertThat(problem).contains("script-src 'none'", "style-src 'none'");
    }

    @Test
    void errorsAndPostsCarryTheFullHeaderSetToo() {
        assertFullHeaderSet("404", user.get("/no-such-page"));
        assertFullHeaderSet("403 csrf", user.post("/upload", Map.of()));
        assertFullHeaderSet("401 login", demo.https().post("/login", Map.of("csrf", "x")));
        assertFullHeaderSet("download", user.getBytes("/files/" + fileId));
    }

    @Test
    void downloadIsAnAttachmentInASandbox() {
        HttpResponse<byte[]> r = user.getBytes("/files/" + fileId);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("just some text\n");
        assertThat(r.headers().firstValue("content-disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(r.headers().firstValue("content-security-policy")).hasValueSatisfying(v -> assertThat(v).contains("sandbox"));
    }

    @Test
    void plainHttpGetRedirectsToHttpsWith301AndNoHsts() {
        HttpResponse<String> r = demo.http().get("/account?x=1");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location")).hasValue("https://localhost:" + demo.server.httpsPort() + "/account?x=1");
        assertThat(r.headers().firstValue("strict-transport-security")).isEmpty();
    }

    @Test
    void plainHttpPostRedirectsWith308() {
        HttpResponse<String> r = demo.http().post("/login", Map.of("username", "a"));
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location")).hasValue("https://localhost:" + demo.server.httpsPort() + "/login");
    }

    @Test
    void unknownHostOverHttpIsRefusedNotRedirected() {
        WebClient c = demo.http();
        HttpResponse<String> evil = c.send(HttpRequest.newBuilder(c.base.resolve("/")).header("Host", "evil.example").build());
        assertThat(evil.statusCode()).isEqualTo(400);
        assertThat(evil.body()).contains("HOST_NOT_ALLOWED");
        assertThat(evil.headers().firstValue("location")).isEmpty();
        assertThat(c.send(HttpRequest.newBuilder(c.base.resolve("/")).header("Host", "127.0.0.1").build()).statusCode())
                .isEqualTo(301);
    }

    @Test
    void unknownHostOverHttpsIsRefused() {
        WebClient c = demo.https();
        // Jetty's SNI check (Host differs from the TLS server name) or the filter's Host check answers first
        HttpResponse<String> evil = c.send(HttpRequest.newBuilder(c.base.resolve("/")).header("Host", "evil.example").build());
        assertThat(evil.statusCode()).isEqualTo(400);
        assertThat(c.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void sessionCookieIsSecureHttpOnlySameSiteLax() {
        WebClient c = demo.https();
        HttpResponse<String> r = c.signUp(DemoFixture.newName(), DemoFixture.password());
        String setCookie = r.headers().allValues("set-cookie").stream().filter(v -> v.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly")
                .containsIgnoringCase("; SameSite=Lax");
    }

    @Test
    void anonymousCsrfCookieIsHostPrefixedSecureHttpOnlySameSiteLax() {
        HttpResponse<String> r = demo.https().get("/");
        String setCookie = r.headers().allValues("set-cookie").stream().filter(v -> v.startsWith("__Host-csrf="))
                .findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly")
                .containsIgnoringCase("; SameSite=Lax").containsIgnoringCase("; Path=/").doesNotContainIgnoringCase("Domain");
        assertThat(r.body()).contains("action=\"/login\"", "name=\"csrf\"");
    }

    @Test
    void curlWithTheCaCertPemWorksAndWithoutItFails() throws Exception {
        Assumptions.assumeTrue(DemoFixture.requireServers() || new java.io.File("/usr/bin/curl").canExecute(),
                "curl not installed: apt-get install curl");
        String url = demo.server.httpsUri().toString();
        Process ok = new ProcessBuilder("curl", "--cacert", demo.server.certificatePem().toString(), "-sS", "-o",
                "/dev/null", "-w", "%{http_code}", url).redirectErrorStream(true).start();
        assertThat(ok.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("200");
        assertThat(ok.exitValue()).isZero();

        ProcessBuilder untrusted = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", url);
        untrusted.environment().remove("CURL_CA_BUNDLE");
        Process bad = untrusted.redirectErrorStream(true).start();
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).as("curl exit code for an untrusted certificate").isEqualTo(60);

        Process plain = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                demo.server.httpUri().toString()).redirectErrorStream(true).start();
        assertThat(plain.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("301 https://localhost:" + demo.server.httpsPort() + "/");
    }

    @Test
    void withHardeningOffTheHeadersAreMissingSoTheseTestsWouldFail() throws Exception {
        try (DemoFixture off = DemoFixture.start(c -> c.withHardening(false))) {
            HttpResponse<String> r = off.https().get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("strict-transport-security")).isEmpty();
            assertThat(r.headers().firstValue("content-security-policy")).isEmpty();
            assertThat(off.http().get("/").statusCode()).isEqualTo(200); // no redirect
        }
    }
}
