package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.filters.SessionCookieHardener;
import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The integration scenarios of the issue, over real HTTP and a real TLS connector, run once per
 * container by {@link JettyHardeningTest} and {@link TomcatHardeningTest}. Each attack is shown
 * failing next to a positive control under the same configuration, and against a server
 * without Portcullis ({@code bare}) where the attack succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HardeningScenarios {

    static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    static final String CSP_NO_NONCE = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + "form-action 'self'; script-src 'self'; style-src 'self'";

    final HttpClient client = TrustingClient.trusting(CERT);
    TestServer guarded;
    TestServer proxied;
    TestServer proxiedRfc;
    TestServer bare;

    abstract ServletContainer container();

    ContainerBuilder app(ContainerBuilder b) {
        return b.https(CERT)
                .servlet("app", new AppServlet(), "/app/*")
                .servlet("error", new ErrorPageServlet(), "/error")
                .errorPage(404, "/error")
                .errorPage(500, "/error");
    }

    @BeforeAll
    void start() {
        guarded = app(container().builder())
                .initializer(new SessionCookieHardener(), Set.of())
                .filter("portcullis", new HardeningFilter(), "/*", Map.of(
                        "portcullis.https.exempt", "/app/public/*",
                        "portcullis.headers.no-store-paths", "/app/public/session"))
                .start();
        proxied = app(container().builder())
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.proxy.trusted", "127.0.0.1/32, ::1/128"))
                .start();
        proxiedRfc = app(container().builder())
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.proxy.trusted", "127.0.0.1/32, ::1/128",
                        "portcullis.proxy.headers", "forwarded"))
                .start();
        bare = app(container().builder()).start();
    }

    @AfterAll
    void stop() {
        for (TestServer s : new TestServer[] {guarded, proxied, proxiedRfc, bare}) {
            if (s != null) {
                s.close();
            }
        }
    }

    HttpResponse<String> send(String method, URI uri, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        return send("GET", uri, null, headers);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** Every document header with its default value, and HSTS exactly when secure. */
    static void assertHardened(HttpResponse<?> r, boolean secure) {
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(r, "Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(header(r, "Cross-Origin-Resource-Policy")).isEqualTo("same-origin");
        assertThat(header(r, "Permissions-Policy")).isEqualTo(HardeningPolicy.DEFAULT_PERMISSIONS_POLICY);
        assertThat(header(r, "X-Permitted-Cross-Domain-Policies")).isEqualTo("none");
        assertThat(header(r, "Content-Security-Policy")).startsWith("default-src 'self'; object-src 'none'");
        assertThat(header(r, "Cross-Origin-Embedder-Policy")).isNull();
        assertThat(header(r, "Strict-Transport-Security")).isEqualTo(secure ? "max-age=31536000; includeSubDomains" : null);
    }

    // ---- 1. HTTPS redirect ----

    @Test
    void redirectWhenGetOverHttpThen301ToHttpsWithMappedPortPathAndQuery() throws Exception {
        HttpResponse<String> r = get(guarded.http("/app/hello?a=1&b=%2F&c"), "Host", "localhost:8080");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("https://localhost:8443/app/hello?a=1&b=%2F&c");
        assertHardened(r, false);
        // positive control: the same path over the TLS connector is served
        HttpResponse<String> ok = get(guarded.https("/app/hello?a=1&b=%2F&c"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello");
        // and without Portcullis plain HTTP is served as is
        assertThat(get(bare.http("/app/hello")).statusCode()).isEqualTo(200);
    }

    @Test
    void redirectWhenHeadOverHttpThen301() throws Exception {
        HttpResponse<String> r = send("HEAD", guarded.http("/app/hello"), null, "Host", "localhost");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("https://localhost/app/hello");
    }

    @Test
    void redirectWhenPostOverHttpThen308AndFollowingItKeepsMethodAndBody() throws Exception {
        HttpResponse<String> r = send("POST", guarded.http("/app/echo?x=1"), "payload=42", "Host", "127.0.0.1:8080");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(header(r, "Location")).isEqualTo("https://127.0.0.1:8443/app/echo?x=1");
        assertThat(r.body()).isEmpty();
        // following the redirect (to the real TLS port) repeats the POST with its body
        HttpResponse<String> followed = send("POST", guarded.https("/app/echo?x=1"), "payload=42");
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).isEqualTo("POST payload=42");
        assertThat(send("PUT", guarded.http("/app/echo"), "x", "Host", "localhost").statusCode()).isEqualTo(308);
        assertThat(send("DELETE", guarded.http("/app/echo"), null, "Host", "localhost").statusCode()).isEqualTo(308);
    }

    @Test
    void redirectWhenIpv6HostThenBracketedAndPortMapped() throws Exception {
        HttpResponse<String> r = get(guarded.http("/app/hello"), "Host", "[::1]:8080");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("https://[::1]:8443/app/hello");
    }

    @Test
    void redirectWhenRawQueryHasEncodedCrLfThenKeptEncodedNeverDecoded() throws Exception {
        // (Jetty itself refuses an encoded CR/LF in the path with 400, so the query carries it)
        HttpResponse<String> r = get(guarded.http("/app/a;b=c?q=%0D%0ASet-Cookie:%20x=1&r=%E2%82%AC"), "Host", "localhost");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("https://localhost/app/a;b=c?q=%0D%0ASet-Cookie:%20x=1&r=%E2%82%AC");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void redirectWhenPathExemptThenServedOverHttp() throws Exception {
        HttpResponse<String> r = get(guarded.http("/app/public/hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertHardened(r, false);
        assertThat(get(guarded.http("/app/hello")).statusCode()).isEqualTo(301);
    }

    /**
     * The redirect of a POST and the Host refusal answer after the late form body: the connection
     * then carries the next request, or the answer said it would close (Jetty closed it silently).
     */
    @Test
    void postAnsweredBeforeItsBodyArrivedThenConnectionStillCarriesTheNextRequest() throws Exception {
        for (String host : List.of("localhost", "evil.example")) {
            try (Socket socket = new Socket("127.0.0.1", guarded.httpPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                String body = "comment=hello";
                out.write(("POST /app/hello HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300); // the filter has answered by now; the body is not there yet
                out.write(body.getBytes(StandardCharsets.US_ASCII));
                out.write("GET /app/public/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answers).startsWith(host.equals("localhost") ? "HTTP/1.1 308" : "HTTP/1.1 400");
                // Tomcat drops the connection after any 400 by itself, and says so: never silently
                boolean told = answers.substring(0, answers.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT).contains("connection: close");
                assertThat(told || answers.indexOf("HTTP/1.1 200") > 0).as(answers).isTrue();
                if (host.equals("localhost")) {
                    assertThat(answers.indexOf("HTTP/1.1 200")).as(answers).isGreaterThan(0);
                }
            }
        }
    }

    @Test
    void hostWhenForgedThen400ProblemAndNeverEchoed() throws Exception {
        HttpResponse<String> attack = get(guarded.http("/app/hello"), "Host", "evil.example");
        assertThat(attack.statusCode()).isEqualTo(400);
        assertThat(header(attack, "Content-Type")).startsWith("application/problem+json");
        assertThat(attack.body()).contains("\"code\":\"HOST_NOT_ALLOWED\"").doesNotContain("evil").doesNotContain("Exception");
        assertThat(header(attack, "Location")).isNull();
        HttpResponse<String> overTls = get(guarded.https("/app/hello"), "Host", "evil.example");
        assertThat(overTls.statusCode()).isEqualTo(400);
        // positive control under the same configuration
        assertThat(get(guarded.http("/app/hello"), "Host", "localhost").statusCode()).isEqualTo(301);
        // without Portcullis the forged host is answered (and would be used for redirects and links)
        assertThat(get(bare.http("/app/hello"), "Host", "evil.example").statusCode()).isEqualTo(200);
    }

    @Test
    void forwardedHostWhenUntrustedPeerThenIgnoredForRedirect() throws Exception {
        HttpResponse<String> r = get(guarded.http("/app/hello"), "Host", "localhost", "X-Forwarded-Host", "evil.example");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("https://localhost/app/hello");
    }

    // ---- 2. trusted proxies ----

    @Test
    void forwardedProtoWhenUntrustedPeerThenChangesNothing() throws Exception {
        HttpResponse<String> attack = get(guarded.http("/app/hello"), "X-Forwarded-Proto", "https");
        assertThat(attack.statusCode()).isNotEqualTo(200);
        assertThat(header(attack, "Strict-Transport-Security")).isNull();
        // the loop guard: a redirect to the URL the (untrusted) proxy says was asked for would loop
        assertThat(attack.statusCode()).isEqualTo(500);
        assertThat(attack.body()).contains("\"code\":\"REDIRECT_LOOP\"");
        HttpResponse<String> forwarded = get(guarded.http("/app/hello"), "Forwarded", "proto=https;host=localhost");
        assertThat(forwarded.statusCode()).isNotEqualTo(200);
        assertThat(header(forwarded, "Strict-Transport-Security")).isNull();
        // the cookie decision agrees: no Secure on the exempt path for an untrusted claim
        HttpResponse<String> cookies = get(guarded.http("/app/public/cookies"), "X-Forwarded-Proto", "https");
        assertThat(cookies.headers().allValues("Set-Cookie")).filteredOn(l -> l.startsWith("plain=")).singleElement()
                .asString().doesNotContain("Secure");
    }

    @Test
    void forwardedProtoWhenTrustedPeerThenNoRedirectAndHsts() throws Exception {
        HttpResponse<String> r = get(proxied.http("/app/hello"), "X-Forwarded-Proto", "https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertHardened(r, true);
        // RFC 7239 Forwarded counts where it is the configured family (portcullis.proxy.headers=forwarded) ...
        HttpResponse<String> rfc = get(proxiedRfc.http("/app/hello"), "Forwarded", "for=203.0.113.7;proto=https");
        assertThat(rfc.statusCode()).isEqualTo(200);
        assertThat(header(rfc, "Strict-Transport-Security")).isNotNull();
        // ... and only there: the family is the configuration's choice, never the request's (default x-forwarded)
        HttpResponse<String> otherFamily = get(proxied.http("/app/hello"), "Forwarded", "for=203.0.113.7;proto=https");
        assertThat(otherFamily.statusCode()).isEqualTo(301);
        assertThat(header(otherFamily, "Strict-Transport-Security")).isNull();
        assertThat(get(proxiedRfc.http("/app/hello"), "X-Forwarded-Proto", "https").statusCode()).isEqualTo(301);
        // positive control: the same trusted peer without the header is redirected, without HSTS
        HttpResponse<String> plain = get(proxied.http("/app/hello"));
        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(header(plain, "Strict-Transport-Security")).isNull();
    }

    @Test
    void forwardedWhenTrustedThenEffectiveRequestSharedWithApp() throws Exception {
        HttpResponse<String> r = get(proxied.http("/app/effective"), "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "6.6.6.6, 203.0.113.7", "X-Forwarded-Host", "localhost");
        assertThat(r.body()).isEqualTo("https://localhost:443 client=203.0.113.7 via trusted proxy");
    }

    // ---- 2b. the servlet behind the filter sees what the client used (only behind a trusted proxy) ----

    @Test
    void servletBehindTrustedProxySeesClientsSchemeHostPortAddressAndUrl() throws Exception {
        HttpResponse<String> r = get(proxied.http("/app/view?q=1"), "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "6.6.6.6, 203.0.113.7", "X-Forwarded-Host", "localhost:8443");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("https true localhost 8443 203.0.113.7 203.0.113.7 https://localhost:8443/app/view"
                + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
        // the same trusted peer without forwarding headers: plain http, redirected
        assertThat(get(proxied.http("/app/view")).statusCode()).isEqualTo(301);
        HttpResponse<String> rfc = get(proxiedRfc.http("/app/view"), "Forwarded",
                "for=\"[2001:db8::7]\";proto=https;host=localhost");
        assertThat(rfc.body()).startsWith("https true localhost 443 2001:db8::7 2001:db8::7 https://localhost/app/view |");
    }

    @Test
    void servletBehindUntrustedPeerSeesContainerViewWhateverTheForwardingHeadersSay() throws Exception {
        String[] spoof = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7",
                "X-Forwarded-Host", "localhost:8443", "X-Forwarded-Port", "8443", "Forwarded", "for=203.0.113.7;proto=https"};
        int port = guarded.httpPort();
        // the attack: a client claims https, another address and host; the exempt path shows what the servlet sees
        HttpResponse<String> attack = get(guarded.http("/app/public/view"), spoof);
        assertThat(attack.statusCode()).isEqualTo(200);
        assertThat(attack.body()).isEqualTo("http false 127.0.0.1 " + port + " 127.0.0.1 127.0.0.1 http://127.0.0.1:"
                + port + "/app/public/view | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
        // control: the same headers from a trusted peer are the client's view
        assertThat(get(proxied.http("/app/view"), spoof).body()).startsWith("https true localhost 8443 203.0.113.7 ");
        // without Portcullis the servlet sees the client's own headers, which it might believe
        assertThat(get(bare.http("/app/view"), spoof).body()).contains("xfp=https xff=203.0.113.7 xfh=localhost:8443")
                .endsWith("listed=5");
    }

    @Test
    void servletBehindTrustedProxyWhenClientAddsMalformedPortOrProtoThenStillSeesTheClientNeverTheProxy() throws Exception {
        // a proxy that does not set X-Forwarded-Port (nginx's usual block, Apache, lighttpd) passes the client's on;
        // a value no proxy writes is ignored alone: the client stays the client, not the proxy's own address
        for (String port : new String[] {"x", "0", "65536", "443 evil"}) {
            HttpResponse<String> r = get(proxied.http("/app/view"), "X-Forwarded-Proto", "https",
                    "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Port", port);
            assertThat(r.statusCode()).as(port).isEqualTo(200);
            assertThat(r.body()).as(port).startsWith("https true 127.0.0.1 " + proxied.httpPort() + " 203.0.113.7 203.0.113.7 ");
        }
        // a proto no proxy writes: ignored too, the scheme stays the socket's (redirected)
        assertThat(get(proxied.http("/app/view"), "X-Forwarded-Proto", "ftp", "X-Forwarded-For", "203.0.113.7")
                .statusCode()).isEqualTo(301);
        // positive control: a well-formed port is read
        assertThat(get(proxied.http("/app/view"), "Host", "localhost", "X-Forwarded-Proto", "https", "X-Forwarded-For",
                "203.0.113.7", "X-Forwarded-Port", "8443").body()).startsWith("https true localhost 8443 203.0.113.7 ");
    }

    @Test
    void servletBehindTrustedProxyGetsThePortOfTheHostTheClientUsed() throws Exception {
        // nginx "proxy_set_header Host $http_host": the Host names the port the browser used, X-Forwarded-Proto https
        assertThat(get(proxied.http("/app/view"), "Host", "localhost:44565", "X-Forwarded-Proto", "https").body())
                .startsWith("https true localhost 44565 127.0.0.1 127.0.0.1 https://localhost:44565/app/view |");
        // an explicit Host port wins over X-Forwarded-Port (the proxy's own port, e.g. behind a port mapping)
        assertThat(get(proxied.http("/app/view"), "Host", "localhost:44565", "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "443").body()).startsWith("https true localhost 44565 ");
        // no port in Host: X-Forwarded-Port, else the scheme's default (left out of the URL)
        assertThat(get(proxied.http("/app/view"), "Host", "localhost", "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "8443").body()).startsWith("https true localhost 8443 127.0.0.1 127.0.0.1 https://localhost:8443/app/view |");
        assertThat(get(proxied.http("/app/view"), "Host", "localhost", "X-Forwarded-Proto", "https").body())
                .startsWith("https true localhost 443 127.0.0.1 127.0.0.1 https://localhost/app/view |");
    }

    @Test
    void forwardedHostWhenTrustedButNotAllowedThen400() throws Exception {
        HttpResponse<String> r = get(proxied.http("/app/hello"), "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("HOST_NOT_ALLOWED");
    }

    // ---- 3. HSTS and 5. headers over a real TLS connector ----

    @Test
    void httpsWhenTlsThenHstsAndEveryHeader() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/hello"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertHardened(r, true);
        assertThat(header(r, "Content-Security-Policy")).isEqualTo(CSP_NO_NONCE);
        assertThat(header(r, "X-Powered-By")).isNull();
        // negative control: none of it without Portcullis
        HttpResponse<String> b = get(bare.https("/app/hello"));
        assertThat(header(b, "Strict-Transport-Security")).isNull();
        assertThat(header(b, "X-Frame-Options")).isNull();
        assertThat(header(b, "Content-Security-Policy")).isNull();
    }

    @Test
    void headersWhenAppSetThemThenKept() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/own-headers"));
        assertThat(header(r, "X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(header(r, "Strict-Transport-Security")).isEqualTo("max-age=60");
        assertThat(header(r, "Content-Security-Policy")).isEqualTo("default-src 'none'");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("same-origin");
        assertThat(r.headers().allValues("X-Frame-Options")).hasSize(1);
        // positive control: the defaults on a path that sets nothing
        assertThat(header(get(guarded.https("/app/hello")), "X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void headersWhenAppSetsFingerprintHeadersThenRemoved() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/powered"));
        assertThat(header(r, "X-Powered-By")).isNull();
        // Jetty adds its own Server header below the servlet layer (turn it off with
        // HttpConfiguration.setSendServerVersion(false)); the application's is removed on both
        assertThat(r.headers().allValues("Server")).doesNotContain("MyServer/1.0");
        assertThat(header(get(bare.https("/app/powered")), "X-Powered-By")).isEqualTo("Servlet/6.0");
    }

    @Test
    void noStoreWhenConfiguredPathThenCacheControlNoStore() throws Exception {
        assertThat(header(get(guarded.https("/app/public/session")), "Cache-Control")).isEqualTo("no-store");
        assertThat(header(get(guarded.https("/app/hello")), "Cache-Control")).isNull();
    }

    @Test
    void headersWhenSendErrorThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/send-error"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertHardened(r, true);
        assertThat(header(get(bare.https("/app/send-error")), "X-Frame-Options")).isNull();
    }

    @Test
    void headersWhenErrorDispatchToErrorPageThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/no-such-thing"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("error page 404");
        assertHardened(r, true);
    }

    @Test
    void headersWhenServletThrowsThenErrorPageHasThem() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/throw"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("error page 500").doesNotContain("ServletException");
        assertHardened(r, true);
    }

    @Test
    void headersWhenEarlyFlushBufferThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/flush"));
        assertThat(r.body()).isEqualTo("flushed");
        assertHardened(r, true);
    }

    @Test
    void headersWhenOutputStreamFlushedThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/stream-flush"));
        assertThat(r.body()).isEqualTo("xy");
        assertHardened(r, true);
    }

    @Test
    void headersWhenWriterFlushedThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/writer-flush"));
        assertThat(r.body()).isEqualTo("xy");
        assertHardened(r, true);
    }

    @Test
    void headersWhenSendRedirectThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/redirect"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertHardened(r, true);
    }

    @Test
    void headersWhenBodyOverflowsBufferThenPresent() throws Exception {
        HttpResponse<String> w = get(guarded.https("/app/big"));
        assertThat(w.body()).hasSize(200_000);
        assertHardened(w, true);
        HttpResponse<String> s = get(guarded.https("/app/big-stream"));
        assertThat(s.body()).hasSize(100_000);
        assertHardened(s, true);
    }

    @Test
    void headersWhenContentLengthReachedThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/content-length"));
        assertThat(r.body()).isEqualTo("ok");
        assertHardened(r, true);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            set    | Content-Length
            add    | Content-Length
            setInt | Content-Length
            addInt | Content-Length
            set    | content-length
            add    | CONTENT-LENGTH
            setInt | content-LENGTH
            addInt | Content-length
            """)
    void headersWhenContentLengthSetAsHeaderAndReachedBelowBufferThenPresent(String how, String name) throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/content-length-header?how=" + how + "&name=" + name));
        assertThat(r.body()).isEqualTo("hello");
        // the container committed when the 5th byte was written: proof that this path commits early
        assertThat(header(r, "X-After-Commit")).isNull();
        assertHardened(r, true);
        // negative control: without Portcullis the same servlet gets none of them
        HttpResponse<String> b = get(bare.https("/app/content-length-header?how=" + how + "&name=" + name));
        assertThat(b.body()).isEqualTo("hello");
        assertThat(header(b, "Strict-Transport-Security")).isNull();
        assertThat(header(b, "X-Frame-Options")).isNull();
    }

    @Test
    void headersWhenIncludeThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/include"));
        assertThat(r.body()).isEqualTo("before hello");
        assertHardened(r, true);
    }

    @Test
    void headersWhenAsyncThenPresent() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/async"));
        assertThat(r.body()).isEqualTo("async");
        assertHardened(r, true);
    }

    // ---- 4. cookies ----

    @Test
    void sessionCookieWhenCreatedThenSecureHttpOnlyLax() throws Exception {
        String line = sessionCookie(guarded.https("/app/session"));
        assertThat(line).contains("; Secure").contains("; HttpOnly").containsIgnoringCase("; SameSite=Lax");
        // the container's cookie bypasses the wrapper: over plain HTTP it is still Secure (set in SessionCookieConfig)
        assertThat(sessionCookie(guarded.http("/app/public/session"))).contains("; Secure");
        // the filter alone (no SessionCookieHardener initializer, as in Spring Boot) applies its policy too
        assertThat(sessionCookie(proxied.https("/app/session"))).containsIgnoringCase("; SameSite=Lax");
        // negative control: the same container without Portcullis
        assertThat(sessionCookie(bare.https("/app/session"))).doesNotContainIgnoringCase("SameSite");
    }

    private String sessionCookie(URI uri) throws Exception {
        return get(uri).headers().allValues("Set-Cookie").stream().filter(l -> l.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSESSIONID from " + uri));
    }

    @Test
    void sessionIdWhenNewSessionThenNeverWrittenIntoUrlsNorTakenFromThem() throws Exception {
        // the page of a new session: with URL tracking on, encodeURL puts the id into every link (readable by
        // scripts whatever HttpOnly says); Portcullis leaves the session id in the cookie only
        HttpResponse<String> page = get(guarded.https("/app/encode-url"));
        assertThat(page.body()).isEqualTo("/app/hello /app/hello");
        String cookie = header(page, "Set-Cookie");
        assertThat(cookie).startsWith("JSESSIONID=").contains("; HttpOnly");
        String id = cookie.substring("JSESSIONID=".length(), cookie.indexOf(';'));
        // a link carrying that id, opened without the cookie (session fixation), does not resume the session
        assertThat(get(guarded.https("/app/session-id;jsessionid=" + id)).body()).isEqualTo("none");
        // positive controls: the cookie resumes it; and the container alone writes and accepts URL ids
        assertThat(get(guarded.https("/app/session-id"), "Cookie", "JSESSIONID=" + id).body()).isEqualTo("resumed");
        HttpResponse<String> barePage = get(bare.https("/app/encode-url"));
        assertThat(barePage.body()).contains(";jsessionid=");
        String bareCookie = header(barePage, "Set-Cookie");
        String bareId = bareCookie.substring("JSESSIONID=".length(), bareCookie.indexOf(';'));
        assertThat(get(bare.https("/app/session-id;jsessionid=" + bareId)).body()).isEqualTo("resumed");
    }

    @Test
    void cookiesWhenAppSetsThemOverHttpsThenHardened() throws Exception {
        List<String> lines = get(guarded.https("/app/cookies")).headers().allValues("Set-Cookie");
        assertThat(lines).containsExactlyInAnyOrder(
                "set=0; SameSite=Lax; Secure; HttpOnly",
                "plain=1; SameSite=Lax; Secure; HttpOnly",
                "hdr=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; SameSite=Lax; Secure; HttpOnly",
                "__Host-id=3; SameSite=Lax; Path=/; Secure; HttpOnly",
                "cross=4; SameSite=None; Secure; HttpOnly",
                cookie(lines, "strict=5"));
        assertThat(cookie(lines, "strict=5")).startsWith("strict=5; Max-Age=60; Expires=").endsWith("; SameSite=Strict; Secure; HttpOnly");
        // negative control: the same servlet without Portcullis
        List<String> raw = get(bare.https("/app/cookies")).headers().allValues("Set-Cookie");
        assertThat(cookie(raw, "plain=1")).doesNotContain("Secure").doesNotContain("HttpOnly");
        assertThat(cookie(raw, "cross=4")).doesNotContain("Secure");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            setInt  | 5
            addInt  | 5
            setDate | Thu, 01 Jan 1970 00:00:00 GMT
            addDate | Thu, 01 Jan 1970 00:00:00 GMT
            """)
    void cookiesWhenSetCookieGivenAsNumberOrDateThenHardenedToo(String how, String value) throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/typed-set-cookie?how=" + how));
        assertThat(r.body()).isEqualTo("typed");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly(value + "; SameSite=Lax; Secure; HttpOnly");
        // negative control: without Portcullis the container sends the bare value, a cookie a script can read
        assertThat(get(bare.https("/app/typed-set-cookie?how=" + how)).headers().allValues("Set-Cookie"))
                .containsExactly(value);
    }

    @Test
    void cookiesWhenPlainHttpThenNoSecureExceptWhereRequired() throws Exception {
        List<String> lines = get(guarded.http("/app/public/cookies")).headers().allValues("Set-Cookie");
        assertThat(cookie(lines, "plain=1")).isEqualTo("plain=1; SameSite=Lax; HttpOnly");
        assertThat(cookie(lines, "cross=4")).isEqualTo("cross=4; SameSite=None; Secure; HttpOnly");
        assertThat(cookie(lines, "__Host-id=3")).isEqualTo("__Host-id=3; SameSite=Lax; Path=/; Secure; HttpOnly");
    }

    private static String cookie(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + lines));
    }

    @Test
    void cookiesWhenAsyncThreadAddsThemAfterStartAsyncThenHardenedLikeSynchronousOnes() throws Exception {
        assertAsyncCookiesHardened("/app/async-cookies");
    }

    @Test
    void cookiesWhenAsyncThreadAddsThemAfterStartAsyncWithWrappersThenHardenedLikeSynchronousOnes() throws Exception {
        assertAsyncCookiesHardened("/app/async-cookies-wrapped");
    }

    @Test
    void cookiesWhenAsyncThreadSetsSetCookieHeaderThenHardened() throws Exception {
        HttpResponse<String> set = get(guarded.https("/app/async-set-cookie"));
        assertThat(set.headers().allValues("Set-Cookie")).containsExactly("aset=0; SameSite=Lax; Secure; HttpOnly");
        assertAsyncHeaders(set, "/app/async-set-cookie");
        assertThat(get(bare.https("/app/async-set-cookie")).headers().allValues("Set-Cookie")).containsExactly("aset=0");
    }

    @Test
    void cookiesWhenAsyncDispatchedThenSameLinesAsSynchronous() throws Exception {
        // the dispatched target runs through the filter again (ASYNC) on top of the first wrapper
        HttpResponse<String> r = get(guarded.https("/app/async-dispatch"));
        assertThat(r.body()).isEqualTo("cookies");
        List<String> sync = get(guarded.https("/app/cookies")).headers().allValues("Set-Cookie");
        assertThat(r.headers().allValues("Set-Cookie")).map(l -> l.replaceAll("Expires=[^;]+", "Expires=*"))
                .containsExactlyInAnyOrderElementsOf(sync.stream().map(l -> l.replaceAll("Expires=[^;]+", "Expires=*")).toList());
        assertHardened(r, true);
        assertThat(cookie(get(bare.https("/app/async-dispatch")).headers().allValues("Set-Cookie"), "plain=1")).isEqualTo("plain=1");
    }

    @Test
    void headersWhenAsyncTimesOutThenErrorPageHardened() throws Exception {
        // the app never completes: the container's timeout handling answers 500 through the error page
        HttpResponse<String> r = get(guarded.https("/app/async-timeout"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertHardened(r, true);
        assertThat(header(get(bare.https("/app/async-timeout")), "X-Frame-Options")).isNull();
        // without an error page the container answers the timeout itself, with no dispatch through the filter
        try (TestServer plain = container().builder().https(CERT).servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", new HardeningFilter(), "/*", Map.of()).start()) {
            HttpResponse<String> own = get(plain.https("/app/async-timeout"));
            assertThat(own.statusCode()).isEqualTo(500);
            assertHardened(own, true);
        }
    }

    private void assertAsyncCookiesHardened(String path) throws Exception {
        HttpResponse<String> r = get(guarded.https(path));
        List<String> lines = r.headers().allValues("Set-Cookie");
        // positive control: the cookie set on the request thread, before startAsync
        assertThat(lines).as(path).contains("sync=1; SameSite=Lax; Secure; HttpOnly");
        // attack: cookies set on the async thread through AsyncContext.getResponse()
        assertThat(lines).as(path).contains("acookie=1; SameSite=Lax; Secure; HttpOnly", "ahdr=2; SameSite=Lax; Secure; HttpOnly");
        assertAsyncHeaders(r, path);
        // negative control: the same servlet without Portcullis
        List<String> raw = get(bare.https(path)).headers().allValues("Set-Cookie");
        assertThat(cookie(raw, "acookie=1")).doesNotContain("Secure").doesNotContain("HttpOnly").doesNotContainIgnoringCase("SameSite");
        assertThat(cookie(raw, "ahdr=2")).isEqualTo("ahdr=2");
    }

    /** The headers of a response the async thread commits: all of them, the nonce it rendered, no removed header. */
    private static void assertAsyncHeaders(HttpResponse<String> r, String path) {
        assertThat(r.body()).as(path).startsWith("async ");
        assertHardened(r, true);
        String nonce = r.body().substring("async ".length());
        assertThat(header(r, "Content-Security-Policy")).as(path).contains("'nonce-" + nonce + "'");
        assertThat(header(r, "X-Powered-By")).as(path).isNull();
    }

    // ---- 6. CSP nonce ----

    @Test
    void cspWhenPageUsesNonceThenSameNonceInHeaderAndPage() throws Exception {
        HttpResponse<String> r = get(guarded.https("/app/nonce"));
        String csp = header(r, "Content-Security-Policy");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'; style-src 'self' 'nonce-\\1'$")
                .matcher(csp);
        assertThat(m.find()).as(csp).isTrue();
        assertThat(r.body()).contains("<script nonce=\"" + m.group(1) + "\">").contains("<style nonce=\"" + m.group(1) + "\">");
        HttpResponse<String> again = get(guarded.https("/app/nonce"));
        assertThat(header(again, "Content-Security-Policy")).isNotEqualTo(csp);
        // a page that never used the nonce gets no nonce in its policy
        assertThat(header(get(guarded.https("/app/hello")), "Content-Security-Policy")).isEqualTo(CSP_NO_NONCE);
    }
}
