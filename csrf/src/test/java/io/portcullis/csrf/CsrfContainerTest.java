package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.core.RequestBodies;
import io.portcullis.filters.DeployCheck;
import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import io.portcullis.upload.UploadGuardFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The filter on real Jetty 12 and Tomcat over real HTTP: every attack beside the legitimate
 * request that passes under the same configuration, and each layer switched off once to show the
 * next one (or nothing) stands behind it.
 */
class CsrfContainerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static TestServer start(ServletContainer c, App app, CsrfPolicy policy, boolean guard) {
        var b = c.builder();
        if (guard) {
            b.filter("upload-guard", new UploadGuardFilter(), "/*");
        }
        return b.filter("csrf", new CsrfFilter(policy), "/*").servlet("app", app, "/*").https(SelfSignedCertificate.shared()).start();
    }

    private static TestServer start(ServletContainer c, App app, CsrfPolicy policy) {
        return start(c, app, policy, false);
    }

    private static Client client(TestServer s) {
        return new Client(HTTP, s.http());
    }

    private static String origin(TestServer s) {
        return s.http().toString();
    }

    private static void assertRefused(HttpResponse<String> r, CsrfReason reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"code\":\"" + reason.name() + "\"").contains("\"status\":403");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void anonymousFormPageGetsSignedHostCookieAndNoSession(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            HttpResponse<String> page = client(s).get("/form");
            List<String> setCookies = page.headers().allValues("Set-Cookie");
            assertThat(setCookies).hasSize(1);
            assertThat(setCookies.get(0)).startsWith("__Host-csrf=").contains("; Path=/").contains("; Secure")
                    .contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Domain");
            assertThat(page.body()).contains("<meta name=\"csrf-token\" content=\"").contains("name=\"_csrf\"");
            // a page that renders no token sets nothing at all
            HttpResponse<String> plain = client(s).get("/change");
            assertThat(plain.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void postWithoutTokenThenTokenMissingAndWithCookieTokenThenAccepted(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String token = user.token("/form");
            assertRefused(user.post("/change", Map.of("x", "1")), CsrfReason.CSRF_TOKEN_MISSING);
            assertThat(app.changes).isEmpty();
            HttpResponse<String> ok = user.post("/change", Map.of("_csrf", token));
            assertThat(ok.statusCode()).isEqualTo(200);
            // the header works as well as the field (fetch() with the meta tag)
            assertThat(user.post("/change", Map.of(), "X-CSRF-Token", user.token("/form")).statusCode()).isEqualTo(200);
            assertThat(app.changes).containsExactly("POST /change", "POST /change");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void tokensAreMaskedPerRenderingAndEachIsAccepted(ServletContainer c) throws Exception {
        try (TestServer s = start(c, new App(), CsrfPolicy.defaults())) {
            Client user = client(s);
            String first = user.token("/form");
            String second = user.token("/form");
            assertThat(first).isNotEqualTo(second).hasSize(86);
            assertThat(user.post("/change", Map.of("_csrf", first)).statusCode()).isEqualTo(200);
            assertThat(user.post("/change", Map.of("_csrf", second)).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void tokenOfAnotherClientOrForgedCookieThenInvalid(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client attacker = client(s);
            String attackerToken = attacker.token("/form");
            Client victim = client(s);
            victim.token("/form");
            assertRefused(victim.post("/change", Map.of("_csrf", attackerToken)), CsrfReason.CSRF_TOKEN_INVALID);
            // a cookie whose signature is not the server's, paired with a token made for it
            byte[] secret = Tokens.randomBytes(32);
            Client forger = client(s);
            forger.cookies.put("__Host-csrf", Tokens.signedCookie(secret, Tokens.randomBytes(32)));
            assertRefused(forger.post("/change", Map.of("_csrf", Tokens.mask(secret))), CsrfReason.CSRF_TOKEN_INVALID);
            assertRefused(victim.post("/change", Map.of("_csrf", "not-a-token")), CsrfReason.CSRF_TOKEN_INVALID);
            assertThat(app.changes).isEmpty();
            // control: the victim's own token
            assertThat(victim.post("/change", Map.of("_csrf", victim.token("/form"))).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void sessionAppUsesSessionTokenAndRefusesAnotherSessions(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client alice = client(s);
            String aliceToken = alice.token("/login");
            assertThat(alice.cookies).containsKey("JSESSIONID").doesNotContainKey("__Host-csrf");
            Client bob = client(s);
            bob.token("/login");
            assertRefused(bob.post("/change", Map.of("_csrf", aliceToken)), CsrfReason.CSRF_TOKEN_INVALID);
            assertThat(alice.post("/change", Map.of("_csrf", aliceToken)).statusCode()).isEqualTo(200);
            assertThat(app.changes).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void tokenRenderedBeforeLogInIsRefusedOnceRotateRanAtLogIn(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String anonymous = user.token("/form"); // from the signed cookie, no session yet
            assertThat(user.post("/change", Map.of("_csrf", anonymous)).statusCode()).isEqualTo(200);
            String loggedIn = user.token("/signin"); // session + rotate(): the session's secret now decides
            assertThat(user.cookies).containsKey("JSESSIONID").containsKey("__Host-csrf");
            assertRefused(user.post("/change", Map.of("_csrf", anonymous)), CsrfReason.CSRF_TOKEN_INVALID);
            assertThat(user.post("/change", Map.of("_csrf", loggedIn)).statusCode()).isEqualTo(200); // control
            assertThat(app.changes).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void crossOriginPostWithValidTokenThenOriginMismatchUnlessTrusted(ServletContainer c) throws Exception {
        App app = new App();
        CsrfPolicy policy = CsrfPolicy.builder().trustedOrigins(List.of("https://*.partner.example")).build();
        try (TestServer s = start(c, app, policy)) {
            Client user = client(s);
            String token = user.token("/form");
            assertRefused(user.post("/change", Map.of("_csrf", token), "Origin", "https://evil.example"), CsrfReason.ORIGIN_MISMATCH);
            assertRefused(user.post("/change", Map.of("_csrf", token), "Origin", "null", "Sec-Fetch-Site", "cross-site",
                    "Sec-Fetch-Mode", "navigate"), CsrfReason.CROSS_SITE_REQUEST);
            assertThat(app.changes).isEmpty();
            assertThat(user.post("/change", Map.of("_csrf", token), "Origin", origin(s)).statusCode()).isEqualTo(200);
            assertThat(user.post("/change", Map.of("_csrf", token), "Origin", "https://shop.partner.example").statusCode()).isEqualTo(200);
            // Origin: null (Referrer-Policy: no-referrer) with the browser's same-origin word
            assertThat(user.post("/change", Map.of("_csrf", token), "Origin", "null", "Sec-Fetch-Site", "same-origin")
                    .statusCode()).isEqualTo(200);
        }
    }

    /** The refusal a misconfigured proxy on another port causes says so; other origins get no such hint. */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void originDifferingOnlyInThePortIsRefusedWithTheProxyHint(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String token = user.token("/form");
            HttpResponse<String> otherPort = user.post("/change", Map.of("_csrf", token), "Origin", "http://127.0.0.1:1");
            assertRefused(otherPort, CsrfReason.ORIGIN_MISMATCH);
            assertThat(otherPort.body()).contains("only the port differs").contains("X-Forwarded-Port");
            HttpResponse<String> otherHost = user.post("/change", Map.of("_csrf", token), "Origin", "http://evil.example");
            assertRefused(otherHost, CsrfReason.ORIGIN_MISMATCH);
            assertThat(otherHost.body()).doesNotContain("only the port differs");
            assertThat(app.changes).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void httpsPostWithoutOriginNeedsSameOriginReferer(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = new Client(TrustingClient.trusting(SelfSignedCertificate.shared()), s.https());
            String token = user.token("/form");
            assertRefused(user.post("/change", Map.of("_csrf", token)), CsrfReason.ORIGIN_MISMATCH);
            assertRefused(user.post("/change", Map.of("_csrf", token), "Referer", "https://evil.example/page"), CsrfReason.ORIGIN_MISMATCH);
            assertThat(app.changes).isEmpty();
            assertThat(user.post("/change", Map.of("_csrf", token), "Referer", s.https("/form").toString()).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void crossSiteSubresourceGetThenRefusedAndTopLevelNavigationAccepted(ServletContainer c) throws Exception {
        App app = new App();
        CsrfPolicy policy = CsrfPolicy.builder().crossSitePaths(List.of("/api/*")).build();
        try (TestServer s = start(c, app, policy)) {
            Client browser = client(s);
            assertRefused(browser.get("/change", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "image"),
                    CsrfReason.CROSS_SITE_REQUEST);
            assertRefused(browser.get("/change", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "embed"),
                    CsrfReason.CROSS_SITE_REQUEST);
            assertThat(app.changes).isEmpty();
            // controls: a link followed from another site, same-origin images, a CORS API path, old browsers
            assertThat(browser.get("/change", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document")
                    .statusCode()).isEqualTo(200);
            assertThat(browser.get("/change", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "no-cors").statusCode()).isEqualTo(200);
            assertThat(browser.get("/api/items", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors").statusCode()).isEqualTo(200);
            assertThat(browser.get("/change").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void sameSiteRefusedOnlyWhenConfigured(ServletContainer c) throws Exception {
        try (TestServer s = start(c, new App(), CsrfPolicy.builder().allowSameSite(false).build())) {
            assertRefused(client(s).get("/change", "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "no-cors"), CsrfReason.CROSS_SITE_REQUEST);
        }
        try (TestServer s = start(c, new App(), CsrfPolicy.defaults())) {
            assertThat(client(s).get("/change", "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "no-cors").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void exemptWebhookPathNeedsNoTokenWhileOthersDo(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.builder().exemptPaths(List.of("/hooks/*")).build())) {
            assertThat(client(s).post("/hooks/payment", Map.of("x", "1"), "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(200);
            assertRefused(client(s).post("/hooksx", Map.of("x", "1")), CsrfReason.CSRF_TOKEN_MISSING);
            assertThat(app.changes).containsExactly("POST /hooks/payment");
        }
    }

    /**
     * An exemption is decided on the path the container routed, but an application may route on
     * the raw URI (Spring MVC's path patterns, hand-written routers): {@code POST /change/../hooks/x}
     * is routed as {@code /hooks/x} by both containers while {@code getRequestURI()} still reads
     * {@code /change/...}. Exempt and cross-site paths hold only when the raw URI says the same path.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void exemptAndCrossSitePathsHoldOnlyWhenTheRawUriIsThatPath(ServletContainer c) throws Exception {
        App app = new App();
        CsrfPolicy policy = CsrfPolicy.builder().exemptPaths(List.of("/hooks/*")).crossSitePaths(List.of("/api/*")).build();
        try (TestServer s = start(c, app, policy)) {
            for (String target : new String[] {"/change/../hooks/payment", "/change;a/../hooks/payment", "/change/%2e%2e/hooks/payment",
                "/change/..;/hooks/payment", "/x//../hooks/payment", "/hooks;a/payment"}) {
                HttpResponse<String> r = client(s).post(target, Map.of("x", "1"));
                assertThat(r.statusCode()).as(target).isIn(400, 403); // Jetty refuses some spellings itself
                if (r.statusCode() == 403) {
                    assertRefused(r, CsrfReason.CSRF_TOKEN_MISSING);
                }
            }
            HttpResponse<String> api = client(s).get("/change/../api/items", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors");
            assertRefused(api, CsrfReason.CROSS_SITE_REQUEST);
            assertThat(app.changes).isEmpty();
            // controls: the exempt and cross-site paths as a webhook or a CORS client sends them, an escaped letter too
            assertThat(client(s).post("/hooks/payment", Map.of("x", "1")).statusCode()).isEqualTo(200);
            assertThat(client(s).post("/%68ooks/payment", Map.of("x", "1")).statusCode()).isEqualTo(200);
            assertThat(client(s).get("/api/items", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors").statusCode())
                    .isEqualTo(200);
            assertThat(app.changes).containsExactly("POST /hooks/payment", "POST /hooks/payment", "GET /api/items");
        }
    }

    /** Each layer switched off for real: the attack then meets the next layer, and with all three off it lands. */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void eachLayerSwitchedOffTheNextStillRefusesAndWithNoneTheAttackLands(ServletContainer c) throws Exception {
        String[] crossSitePost = {"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate",
            "Sec-Fetch-Dest", "document"};
        CsrfPolicy all = CsrfPolicy.defaults();
        CsrfPolicy noFetchMetadata = all.toBuilder().fetchMetadata(false).build();
        CsrfPolicy noOrigin = noFetchMetadata.toBuilder().originCheck(false).build();
        CsrfPolicy none = noOrigin.toBuilder().tokenCheck(false).build();
        App app = new App();
        try (TestServer s = start(c, app, all)) {
            assertRefused(client(s).post("/change", Map.of(), crossSitePost), CsrfReason.CROSS_SITE_REQUEST);
        }
        try (TestServer s = start(c, app, noFetchMetadata)) {
            assertRefused(client(s).post("/change", Map.of(), crossSitePost), CsrfReason.ORIGIN_MISMATCH);
        }
        try (TestServer s = start(c, app, noOrigin)) {
            assertRefused(client(s).post("/change", Map.of(), crossSitePost), CsrfReason.CSRF_TOKEN_MISSING);
        }
        assertThat(app.changes).isEmpty();
        try (TestServer s = start(c, app, none)) {
            assertThat(client(s).post("/change", Map.of(), crossSitePost).statusCode()).isEqualTo(200);
        }
        assertThat(app.changes).containsExactly("POST /change");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void multipartTokenIsReadFromTheFieldsUploadGuardParsed(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults(), true)) {
            Client user = client(s);
            String token = user.token("/form");
            assertRefused(user.multipart("/change", Map.of("title", "x")), CsrfReason.CSRF_TOKEN_MISSING);
            assertRefused(user.multipart("/change", Map.of("_csrf", "wrong", "title", "x")), CsrfReason.CSRF_TOKEN_INVALID);
            assertThat(app.changes).isEmpty();
            HttpResponse<String> ok = user.multipart("/change", Map.of("_csrf", token, "title", "x"));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            // the application still gets every part: the body was parsed once, by the guard
            assertThat(app.changes).hasSize(1).first().asString().contains("part=_csrf").contains("part=title");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void multipartWithoutUploadGuardIsNotParsedAndNeedsTheHeader(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String token = user.token("/form");
            HttpResponse<String> refused = user.multipart("/change", Map.of("_csrf", token));
            assertRefused(refused, CsrfReason.CSRF_TOKEN_MISSING);
            assertThat(refused.body()).contains("UploadGuardFilter");
            // with the header the app reads the untouched body itself
            HttpResponse<String> ok = user.multipart("/change", Map.of("title", "x"), "X-CSRF-Token", token, "X-Read-Raw", "1");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(app.changes).hasSize(1).first().asString().matches("POST /change raw=[1-9][0-9]+");
        }
    }

    /** HardeningFilter first, then (with {@code guard}) UploadGuardFilter, then CsrfFilter, as docs/csrf.md maps them. */
    private static TestServer startHardened(ServletContainer c, HardeningFilter hardening, boolean guard) {
        var b = c.builder().filter("portcullis", hardening, "/*");
        if (guard) {
            b.filter("upload-guard", new UploadGuardFilter(), "/*");
        }
        return b.filter("csrf", new CsrfFilter(CsrfPolicy.defaults()), "/*").servlet("app", new App(), "/*").start();
    }

    private static HardeningFilter hardening() {
        return new HardeningFilter(HardeningPolicy.builder().httpsRedirect(false).hsts(false)
                .allowedHosts(List.of("localhost", "127.0.0.1")).logDeployCheck(false).build());
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void multipartFormReachingCsrfFilterUnparsedIsADeployCheckFindingAndBehindTheGuardItIsNot(ServletContainer c)
            throws Exception {
        HardeningFilter wrongOrder = hardening();
        try (TestServer s = startHardened(c, wrongOrder, false)) {
            Client user = client(s);
            String token = user.token("/form");
            assertThat(wrongOrder.findings()).extracting(DeployCheck.Finding::id).doesNotContain("CSRF_MULTIPART_UNPARSED");
            assertRefused(user.multipart("/change", Map.of("_csrf", token)), CsrfReason.CSRF_TOKEN_MISSING);
            // recorded when the chain returns, which may be just after the client has the (flushed) answer
            for (int i = 0; i < 100 && wrongOrder.findings().stream().noneMatch(f -> f.id().equals("CSRF_MULTIPART_UNPARSED")); i++) {
                Thread.sleep(50);
            }
            assertThat(wrongOrder.findings()).filteredOn(f -> f.id().equals("CSRF_MULTIPART_UNPARSED")).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("/change", "map UploadGuardFilter before CsrfFilter"));
        }
        // the path in the finding (and HardeningFilter's log line) is one line, whatever Tomcat decoded
        HardeningFilter forged = hardening();
        try (TestServer s = startHardened(c, forged, false)) {
            Client user = client(s);
            String token = user.token("/form");
            int status = user.multipart("/x%0AFORGED", Map.of("_csrf", token)).statusCode();
            for (int i = 0; status == 403 && i < 100 && forged.findings().stream()
                    .noneMatch(f -> f.id().equals("CSRF_MULTIPART_UNPARSED")); i++) {
                Thread.sleep(50);
            }
            if (c == ServletContainer.TOMCAT) {
                assertThat(forged.findings()).filteredOn(f -> f.id().equals("CSRF_MULTIPART_UNPARSED")).singleElement()
                        .satisfies(f -> assertThat(f.message()).contains("/x\\nFORGED").doesNotContain("\n"));
            }
        }
        // control: the guard mapped before the CSRF filter parses the form, the token is read, nothing to report
        HardeningFilter rightOrder = hardening();
        try (TestServer s = startHardened(c, rightOrder, true)) {
            Client user = client(s);
            String token = user.token("/form");
            assertThat(user.multipart("/change", Map.of("_csrf", token, "title", "x")).statusCode()).isEqualTo(200);
            assertThat(rightOrder.findings()).extracting(DeployCheck.Finding::id)
                    .doesNotContain("CSRF_MULTIPART_UNPARSED", "CSRF_PROTECTION_MISSING");
        }
    }

    /**
     * Behind a TLS-terminating proxy the browser's Origin is the public https origin while the
     * socket says http: HardeningFilter, trusting the proxy, passes CsrfFilter the client's view.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void behindTrustedProxySameOriginHttpsPostAcceptedAndCrossOriginStillRefused(ServletContainer c) throws Exception {
        HardeningFilter hardening = new HardeningFilter(HardeningPolicy.builder().trustedProxies(List.of("127.0.0.1/32"))
                .allowedHosts(List.of("localhost", "127.0.0.1")).logDeployCheck(false).build());
        try (TestServer s = startHardened(c, hardening, false)) {
            // what nginx sends with "proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto $scheme;"
            String[] proxy = {"Host", "localhost:44565", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7"};
            Client user = client(s);
            String token = user.token("/form", proxy);
            HttpResponse<String> ok = user.post("/change", Map.of("_csrf", token), with(proxy, "Origin", "https://localhost:44565"));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            // the attack: a cross-origin POST carrying a valid token and cookie is still refused
            assertRefused(user.post("/change", Map.of("_csrf", token), with(proxy, "Origin", "https://evil.example")),
                    CsrfReason.ORIGIN_MISMATCH);
            // and so is the right host over the wrong scheme, or on another port
            assertRefused(user.post("/change", Map.of("_csrf", token), with(proxy, "Origin", "http://localhost:44565")),
                    CsrfReason.ORIGIN_MISMATCH);
            assertRefused(user.post("/change", Map.of("_csrf", token), with(proxy, "Origin", "https://localhost")),
                    CsrfReason.ORIGIN_MISMATCH);
        }
    }

    /** The same headers from a peer HardeningFilter does not trust change nothing the Origin check compares. */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void behindUntrustedPeerForwardingHeadersCannotMakeAForeignOriginSameOrigin(ServletContainer c) throws Exception {
        try (TestServer s = startHardened(c, hardening(), false)) {
            String[] spoof = {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "443"};
            Client user = client(s);
            String token = user.token("/form");
            // the attack: the forged headers would make https://evil.example this request's own origin if believed
            assertRefused(user.post("/change", Map.of("_csrf", token), with(spoof, "Origin", "https://evil.example")),
                    CsrfReason.ORIGIN_MISMATCH);
            // control: the socket's own origin is accepted with the same headers present
            HttpResponse<String> ok = user.post("/change", Map.of("_csrf", token), with(spoof, "Origin", origin(s)));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
    }

    private static String[] with(String[] headers, String... more) {
        String[] out = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, out, headers.length, more.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void eachRefusalCauseIsLoggedOnceAtWarning(ServletContainer c) throws Exception {
        Logger logger = Logger.getLogger(CsrfFilter.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level old = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(h);
        try (TestServer s = start(c, new App(), CsrfPolicy.defaults())) {
            for (int i = 0; i < 3; i++) {
                client(s).post("/change", Map.of());
                client(s).post("/change", Map.of("_csrf", "bad"));
            }
        } finally {
            logger.removeHandler(h);
            logger.setLevel(old);
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("CSRF_TOKEN_MISSING").doesNotContain("bad");
        assertThat(warnings.get(1)).contains("CSRF_TOKEN_INVALID");
        assertThat(records.stream().filter(r -> r.getLevel() == Level.FINE)).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webXmlStyleInitParamsConfigureTheFilterAndATypoStopsTheApp(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = c.builder().filter("csrf", new CsrfFilter(), "/*", Map.of("portcullis.csrf.exempt-paths", "/hooks/*"))
                .servlet("app", app, "/*").start()) {
            assertThat(client(s).post("/hooks/x", Map.of()).statusCode()).isEqualTo(200);
            assertRefused(client(s).post("/other", Map.of()), CsrfReason.CSRF_TOKEN_MISSING);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.builder()
                .filter("csrf", new CsrfFilter(), "/*", Map.of("portcullis.csrf.exempt-path", "/hooks/*")).servlet("app", app, "/*").start())
                .hasStackTraceContaining("unknown key portcullis.csrf.exempt-path")
                .hasStackTraceContaining("did you mean portcullis.csrf.exempt-paths?");
    }

    /**
     * A refusal written while the form body is still in flight must not cost the client its
     * kept-alive connection: the next request on it is answered (Jetty closed it before).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void refusedPostWhoseBodyArrivesLateLeavesTheConnectionUsable(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults()); Socket socket = new Socket("127.0.0.1", s.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String host = "Host: 127.0.0.1:" + s.httpPort() + "\r\n";
            String body = "_csrf=forged&amount=1000";
            out.write(("POST /change HTTP/1.1\r\n" + host + "Origin: https://evil.example\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the filter has decided by now; the body is not there yet
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /form HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answers).startsWith("HTTP/1.1 403").contains("\"code\":\"ORIGIN_MISMATCH\"");
            assertThat(answers.indexOf("HTTP/1.1 200")).as(answers).isGreaterThan(0); // the next request was answered
            assertThat(app.changes).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void refusedPostWithALargeBodyIsAnsweredAtOnceAndClosesTheConnection(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults()); Socket socket = new Socket("127.0.0.1", s.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /change HTTP/1.1\r\nHost: 127.0.0.1:" + s.httpPort() + "\r\nOrigin: https://evil.example\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (RequestBodies.SMALL_BODY + 1)
                    + "\r\n\r\n_csrf=x").getBytes(StandardCharsets.US_ASCII));
            out.flush(); // the rest of the body never comes: the answer must not wait for it
            String head = head(socket.getInputStream()).toLowerCase(Locale.ROOT);
            assertThat(head).startsWith("http/1.1 403").contains("connection: close");
            assertThat(app.changes).isEmpty();
        }
    }

    /**
     * A token in the URL leaks (logs, history, Referer), which is why the nonce-in-URL style is not
     * offered; a valid one there was accepted on a urlencoded POST before (both containers).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void validTokenInTheUrlIsRefusedAndInTheBodyAccepted(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String token = user.token("/form");
            for (String query : new String[] {"_csrf=" + token, "a=1&%5Fcsrf=" + token, "_csrf"}) {
                HttpResponse<String> r = user.post("/change?" + query, Map.of("x", "1"));
                assertRefused(r, CsrfReason.CSRF_TOKEN_INVALID);
                assertThat(r.body()).contains("is in the URL");
            }
            // even beside a right token in the header: the URL still carries it
            assertRefused(user.post("/change?_csrf=" + token, Map.of(), "X-CSRF-Token", token), CsrfReason.CSRF_TOKEN_INVALID);
            assertThat(app.changes).isEmpty();
            assertThat(user.post("/change?next=%2Fhome", Map.of("_csrf", token)).statusCode()).isEqualTo(200); // control
            assertThat(app.changes).containsExactly("POST /change");
        }
    }

    /**
     * A form body the container cannot decode is a 400 problem, not the container's answer: Jetty
     * threw from {@code getParameter} inside the filter (500 page naming the exception for a
     * {@code charset=utf-7} form, which a cross-site page may send; an HTML 400 for bad escapes).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void undecodableFormBodyIsAProblemAnswerNeverAContainerErrorPage(ServletContainer c) throws Exception {
        App app = new App();
        try (TestServer s = start(c, app, CsrfPolicy.defaults())) {
            Client user = client(s);
            String token = user.token("/form");
            String[][] cases = {{"application/x-www-form-urlencoded; charset=utf-7", "_csrf=" + token},
                {"application/x-www-form-urlencoded", "_csrf=%C3%A9%00%FF%"}, {"application/x-www-form-urlencoded", "_csrf=%zz"}};
            for (String[] k : cases) {
                HttpResponse<String> r = user.raw("POST", "/change", k[0], k[1]);
                assertThat(r.statusCode()).as(k[0] + " " + k[1]).isIn(200, 400, 403);
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("<html");
                if (r.statusCode() != 200) {
                    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                            .startsWith("application/problem+json"));
                    assertThat(r.body()).containsAnyOf("\"code\":\"FORM_UNREADABLE\"", "\"code\":\"CSRF_TOKEN_INVALID\"",
                            "\"code\":\"CSRF_TOKEN_MISSING\""); // Tomcat drops a body it cannot decode
                }
            }
            if (c == ServletContainer.JETTY) {
                HttpResponse<String> utf7 = user.raw("POST", "/change", cases[0][0], cases[0][1]);
                assertThat(utf7.statusCode()).isEqualTo(400);
                assertThat(utf7.body()).contains("\"code\":\"FORM_UNREADABLE\"").contains("\"status\":400");
            }
            long changed = app.changes.size();
            assertThat(user.raw("POST", "/change", "application/x-www-form-urlencoded; charset=utf-8", "_csrf=" + token)
                    .statusCode()).isEqualTo(200); // control
            assertThat(app.changes).hasSize((int) changed + 1);
        }
    }

    /**
     * Tomcat decodes {@code %0A} and {@code %0D} in the path it routes, and the refusal's log line
     * carried them: {@code POST /x%0AFORGED} wrote a second, forged log line. Control characters are
     * escaped now (Jetty answers such a path 400 itself).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void refusalLogLineStaysOneLineWhateverThePath(ServletContainer c) throws Exception {
        Logger logger = Logger.getLogger(CsrfFilter.class.getName());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = logger.getLevel();
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
        try (TestServer s = start(c, new App(), CsrfPolicy.defaults())) {
            for (String target : new String[] {"/x%0AFORGED%20LINE", "/x%0D%0AFORGED", "/plain"}) {
                HttpResponse<String> r = client(s).post(target, Map.of("x", "1"));
                assertThat(r.statusCode()).as(target).isIn(400, 403);
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("\n").doesNotContain("\r"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("CSRF refused POST /plain")); // control: the plain path as is
        if (c == ServletContainer.TOMCAT) {
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("/x\\nFORGED LINE"));
        }
    }

    /** The status line and headers of the next answer, read up to the blank line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder h = new StringBuilder();
        for (int b; !h.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0;) {
            h.append((char) b);
        }
        return h.toString();
    }
}
