package io.portcullis.filters.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.testing.NginxProxy;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the servlet behind HardeningFilter sees through a real TLS-terminating nginx: the
 * client's https, host, port, address and URL, with the forwarding headers nginx set hidden
 * from it. nginx connects from {@value NginxProxy#PROXY_ADDRESS}, the one trusted address, so
 * a client that reaches the application directly (from 127.0.0.1) with the same headers is an
 * untrusted peer and changes nothing. Skips without nginx, fails then when
 * {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class NginxClientViewTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    /** nginx's usual block. */
    private static final String[] STANDARD = {"Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for",
            "X-Forwarded-Proto $scheme"};

    private final HttpClient client = TrustingClient.trusting(CERT);

    private static TestServer app(ServletContainer container) {
        return container.builder().servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.proxy.trusted",
                        NginxProxy.PROXY_ADDRESS + "/32", "portcullis.https.exempt", "/app/public/*")).start();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletThroughNginxStandardBlockSeesTheClientsHttpsAndDirectForgedHeadersChangeNothing(ServletContainer container)
            throws Exception {
        try (TestServer app = app(container); NginxProxy nginx = NginxProxy.start(app.httpPort(), CERT, STANDARD)) {
            // over TLS through nginx: https, secure, the client's address (not nginx's 127.0.0.2), headers consumed
            HttpResponse<String> tls = get(nginx.https("/app/view"));
            assertThat(tls.statusCode()).isEqualTo(200);
            assertThat(tls.body()).isEqualTo("https true 127.0.0.1 443 127.0.0.1 127.0.0.1 https://127.0.0.1/app/view"
                    + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
            assertThat(tls.headers().firstValue("Strict-Transport-Security")).isPresent();
            // an address the client prepends to X-Forwarded-For is not believed: nginx appended the real one
            assertThat(get(nginx.https("/app/view"), "X-Forwarded-For", "203.0.113.66").body())
                    .startsWith("https true 127.0.0.1 443 127.0.0.1 127.0.0.1 ");
            // nginx's usual block passes the client's own X-Forwarded-Port on: a value that is no port changes
            // nothing (it once voided every forwarded value, and the client was seen as nginx, 127.0.0.2, over http)
            assertThat(get(nginx.https("/app/view"), "X-Forwarded-Port", "not-a-port").body())
                    .startsWith("https true 127.0.0.1 443 127.0.0.1 127.0.0.1 https://127.0.0.1/app/view |");
            // plain HTTP through nginx: X-Forwarded-Proto http (nginx overwrote the client's https), redirected
            HttpResponse<String> plain = get(nginx.http("/app/view"), "X-Forwarded-Proto", "https");
            assertThat(plain.statusCode()).isEqualTo(301);
            assertThat(plain.headers().firstValue("Location")).hasValue("https://127.0.0.1/app/view");
            assertThat(get(nginx.http("/app/public/view"), "X-Forwarded-Proto", "https").body())
                    .startsWith("http false 127.0.0.1 80 127.0.0.1 127.0.0.1 http://127.0.0.1/app/public/view |");

            // the attack: straight to the application (peer 127.0.0.1, not trusted) with nginx's headers forged
            String[] forged = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Host", "localhost"};
            int port = app.httpPort();
            assertThat(get(app.http("/app/public/view"), forged).body()).isEqualTo("http false 127.0.0.1 " + port
                    + " 127.0.0.1 127.0.0.1 http://127.0.0.1:" + port + "/app/public/view"
                    + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
            HttpResponse<String> direct = get(app.http("/app/view"), forged);
            assertThat(direct.statusCode()).isEqualTo(500); // REDIRECT_LOOP: never the page, never HSTS
            assertThat(direct.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletThroughNginxPassingTheClientsHostSeesThePortTheBrowserUsed(ServletContainer container) throws Exception {
        try (TestServer app = app(container);
             NginxProxy nginx = NginxProxy.start(app.httpPort(), CERT, "Host $http_host",
                     "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "Forwarded \"\"")) {
            int tls = nginx.tlsPort();
            assertThat(get(nginx.https("/app/view?x=1")).body()).isEqualTo("https true 127.0.0.1 " + tls
                    + " 127.0.0.1 127.0.0.1 https://127.0.0.1:" + tls + "/app/view"
                    + " | xfp=null xff=null xfh=null xfport=null fwd=null listed=0");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletThroughNginxAppendingForwardedSeesTheClientWhateverTheClientPutsBeforeIt(ServletContainer container)
            throws Exception {
        // the append many guides show: the client's Forwarded (empty when it sent none), then nginx's element
        try (TestServer app = container.builder().servlet("app", new AppServlet(), "/app/*")
                .filter("portcullis", new HardeningFilter(), "/*", Map.of("portcullis.proxy.trusted",
                        NginxProxy.PROXY_ADDRESS + "/32", "portcullis.proxy.headers", "forwarded")).start();
             NginxProxy nginx = NginxProxy.start(app.httpPort(), CERT, "Host $host", "X-Forwarded-For \"\"",
                     "Forwarded \"$http_forwarded, for=$remote_addr;proto=$scheme;host=$host\"")) {
            String client = "https true 127.0.0.1 443 127.0.0.1 127.0.0.1 https://127.0.0.1/app/view |";
            // positive control: no Forwarded from the client (nginx sends ", for=127.0.0.1;proto=https;host=127.0.0.1")
            assertThat(get(nginx.https("/app/view")).body()).startsWith(client);
            // a well-formed element the client prepends is skipped by the right-to-left walk
            assertThat(get(nginx.https("/app/view"), "Forwarded", "for=203.0.113.7;proto=http").body()).startsWith(client);
            // a malformed one no longer voids nginx's element (it did: the client was seen as nginx over http, 301)
            for (String garbage : new String[] {"garbage", "for=1;for=2", "for=\"unterminated", ";"}) {
                HttpResponse<String> r = get(nginx.https("/app/view"), "Forwarded", garbage);
                assertThat(r.statusCode()).as(garbage).isEqualTo(200);
                assertThat(r.body()).as(garbage).startsWith(client);
            }
        }
    }

    private HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
