package io.portcullis.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.filters.HardeningFilter;
import io.portcullis.filters.HardeningPolicy;
import io.portcullis.testing.NginxProxy;
import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import io.portcullis.testing.TrustingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CsrfFilter behind HardeningFilter behind a real TLS-terminating nginx (its usual block, with
 * {@code Host $http_host} so the Host keeps the port the browser used): the browser's Origin is
 * {@code https://127.0.0.1:<nginx TLS port>} while the application's socket says http, and the
 * same-origin form POST is accepted because HardeningFilter, trusting nginx (it connects from
 * {@value NginxProxy#PROXY_ADDRESS}), passes on the client's view. Skips without nginx, fails
 * then when {@code PORTCULLIS_REQUIRE_SERVERS=1}.
 */
class NginxCsrfTest {

    private static final SelfSignedCertificate CERT = SelfSignedCertificate.shared();
    private static final HttpClient HTTPS = TrustingClient.trusting(CERT);

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void throughNginxSameOriginHttpsPostAcceptedCrossOriginAndDirectForgedRefused(ServletContainer c) throws Exception {
        App app = new App();
        HardeningFilter hardening = new HardeningFilter(HardeningPolicy.builder()
                .trustedProxies(List.of(NginxProxy.PROXY_ADDRESS + "/32")).logDeployCheck(false).build());
        try (TestServer s = c.builder().filter("portcullis", hardening, "/*")
                .filter("csrf", new CsrfFilter(CsrfPolicy.defaults()), "/*").servlet("app", app, "/*").start();
             NginxProxy nginx = NginxProxy.start(s.httpPort(), CERT, "Host $http_host",
                     "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "Forwarded \"\"")) {
            String origin = "https://127.0.0.1:" + nginx.tlsPort();
            Client browser = new Client(HTTPS, URI.create(origin));
            String token = browser.token("/form");
            HttpResponse<String> ok = browser.post("/change", Map.of("_csrf", token), "Origin", origin);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(app.changes).containsExactly("POST /change");

            // the attack: another site's form, with the victim's cookie and even a valid token
            HttpResponse<String> cross = browser.post("/change", Map.of("_csrf", token), "Origin", "https://evil.example");
            assertThat(cross.statusCode()).isEqualTo(403);
            assertThat(cross.body()).contains("\"code\":\"ORIGIN_MISMATCH\"");

            // straight to the application (127.0.0.1, not trusted) with nginx's headers forged: never accepted
            Client direct = new Client(HttpClient.newHttpClient(), s.http());
            direct.cookies.putAll(browser.cookies);
            HttpResponse<String> forged = direct.post("/change", Map.of("_csrf", token), "Origin", origin,
                    "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
            assertThat(forged.statusCode()).isNotEqualTo(200);
            assertThat(app.changes).containsExactly("POST /change");
        }
    }
}
